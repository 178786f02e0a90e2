// The shape every `cap-lens` subcommand has: its name, help text, options and what it does.

import type { OptionSpec } from './args';
import type { Io } from './io';

export interface Command {
  name: string;
  usage: string;
  /** One line, for `cap-lens --help`. */
  summary: string;
  /** Paragraphs for `cap-lens <command> --help`. */
  description: string;
  options: OptionSpec[];
  /** Resolves to the exit code; throws UsageError or IoError for exit 2. */
  run(argv: string[], io: Io): Promise<number>;
}
