// `cap-lens check [files, folders or globs…]`: the editor's diagnostics for CI, as text, JSON or SARIF.
// Exit 0 when clean, 1 on findings at error level or more warnings than --max-warnings allows.

import { analyzeSource, countFindings, readInputs, RULE_OPTIONS, RuleSettings } from '../analysis';
import { COLOR_OPTION, parseArgs, type OptionSpec } from '../args';
import type { Command } from '../command';
import { formatJson } from '../format/json';
import { formatSarif } from '../format/sarif';
import { formatText } from '../format/text';
import { colors, emit, EXIT_FINDINGS, EXIT_OK, useColor, type Io } from '../io';
import { VERSION } from '../../version';

const OPTIONS: OptionSpec[] = [
  {
    name: 'format',
    short: 'f',
    type: 'string',
    values: ['text', 'json', 'sarif'],
    default: 'text',
    description: 'Output format',
  },
  {
    name: 'max-warnings',
    type: 'integer',
    valueName: 'N',
    description: 'Exit 1 when there are more than N warnings (default: no limit)',
  },
  ...RULE_OPTIONS,
  {
    name: 'output',
    short: 'o',
    type: 'string',
    valueName: 'FILE',
    description: 'Write the report to FILE instead of standard output',
  },
  {
    name: 'stdin-filename',
    type: 'string',
    valueName: 'PATH',
    description: "Name to show (and to find .caplens.yaml from) for a design read from '-'",
  },
  COLOR_OPTION,
];

export const checkCommand: Command = {
  name: 'check',
  usage: 'cap-lens check [options] [files, folders or globs…]',
  summary: 'Check designs with the same engine and rule settings as the editor',
  description:
    "Checks *.cap.yaml designs exactly as the editor does. Folders are searched recursively for *.cap.yaml and *.cap.yml (skipping node_modules and dot-folders); globs support **, * and ?; '-' reads standard input. With no argument, the current folder is checked.\n\nExit status: 0 no findings at error level, 1 findings at error level (or more warnings than --max-warnings), 2 usage or I/O error.",
  options: OPTIONS,
  async run(argv: string[], io: Io): Promise<number> {
    const { options, positionals } = parseArgs(argv, OPTIONS);
    const settings = new RuleSettings(io, options);
    const sources = await readInputs(io, positionals, options['stdin-filename'] as string | undefined);
    const files = sources.map((source) => analyzeSource(source, settings, io.cwd));
    const output = options.output as string | undefined;
    const format = options.format as string;
    const text =
      format === 'json'
        ? formatJson(files, VERSION, io.cwd)
        : format === 'sarif'
          ? formatSarif(files, VERSION)
          : formatText(files, colors(output ? false : useColor(io, options.color as boolean | undefined)), io.cwd);
    emit(
      io,
      text,
      output,
      sources.map((s) => s.path),
    );

    const counts = countFindings(files.flatMap((f) => f.findings));
    const maxWarnings = options['max-warnings'] as number | undefined;
    if (counts.errors > 0) return EXIT_FINDINGS;
    if (maxWarnings !== undefined && maxWarnings >= 0 && counts.warnings > maxWarnings) {
      io.stderr.write(`cap-lens: ${counts.warnings} warnings, more than --max-warnings ${maxWarnings} allows.\n`);
      return EXIT_FINDINGS;
    }
    return EXIT_OK;
  },
};
