// `cap-lens`: dispatches to a subcommand, prints help and version, and turns errors into exit codes
// (usage and I/O errors: 2 with a one-line reason; anything unexpected: 2 with the stack, as a bug).
//
// Commands are loaded only when run: `--version` and `--help` touch none of them, and `check-history` never
// loads the YAML parser or the language server. The build keeps each command in its own bundle (see
// scripts/cli-bundles.mjs), so start-up costs what the command needs and nothing more.

import { terminalText } from '../core/text/escape-terminal';
import { didYouMean } from '../core/text/suggest';
import { optionsHelp, type OptionSpec } from './args';
import type { Command } from './command';
import { EXIT_OK, EXIT_USAGE, isIoError, isUsageError, UsageError, type Io } from './io';
import { VERSION } from '../version';

/** What the dispatcher knows of a command before loading it: its name, its one-line summary, and how to load it. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: CommandEntry[] = [
  {
    name: 'check',
    summary: 'Check designs with the same engine and rule settings as the editor',
    load: () => import('./commands/check.js').then((m) => m.checkCommand),
  },
  {
    name: 'explain',
    summary: 'Show claims beside derived facts for every datastore and component',
    load: () => import('./commands/explain.js').then((m) => m.explainCommand),
  },
  {
    name: 'report',
    summary: 'Write a design-review report (Markdown or self-contained HTML)',
    load: () => import('./commands/report.js').then((m) => m.reportCommand),
  },
  {
    name: 'diff',
    summary: 'Compare two versions of the designs: what changed in claims, settings, facts and findings',
    load: () => import('./commands/diff.js').then((m) => m.diffCommand),
  },
  {
    name: 'rules',
    summary: 'List the rules with their default severity',
    load: () => import('./commands/rules.js').then((m) => m.rulesCommand),
  },
  {
    name: 'lsp',
    summary: 'Run the language server (for Neovim, Helix, Emacs and other LSP clients)',
    load: () => import('./commands/lsp.js').then((m) => m.lspCommand),
  },
  {
    name: 'simulate',
    summary: "Run one of the design's scenarios in the simulator and print its figures",
    load: () => import('./commands/simulate.js').then((m) => m.simulateCommand),
  },
  {
    name: 'staleness',
    summary: 'Print k-staleness and t-visibility (PBS) for each datastore',
    load: () => import('./commands/staleness.js').then((m) => m.stalenessCommand),
  },
  {
    name: 'check-history',
    summary: 'Check Jepsen histories for linearizability (registers, key-value, independent keys)',
    load: () => import('./commands/check-history.js').then((m) => m.checkHistoryCommand),
  },
];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'CAP Lens: check CAP, PACELC and quorum claims in *.cap.yaml system designs.',
    '',
    'Usage: cap-lens <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'cap-lens <command> --help' for a command's options. Reference: docs/cli.md",
    '',
  ].join('\n');
}

const HELP_OPTION: OptionSpec = { name: 'help', short: 'h', type: 'boolean', description: 'Show this help' };

export function commandHelp(command: Command): string {
  return [
    `Usage: ${command.usage}`,
    '',
    `${command.summary}.`,
    '',
    command.description,
    '',
    'Options:',
    optionsHelp([...command.options, HELP_OPTION]),
    '',
  ].join('\n');
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.stdout.write(topic ? commandHelp(await topic.load()) : mainHelp());
    return EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT_OK;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  let command: Command | undefined;
  try {
    if (!entry) {
      const guess = didYouMean(
        name,
        COMMANDS.map((c) => c.name),
      );
      throw new UsageError(`unknown command '${name}'.${guess ? ` Did you mean '${guess}'?` : ''}`);
    }
    command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(commandHelp(command));
      return EXIT_OK;
    }
    return await command.run(rest, io);
  } catch (e) {
    if (isUsageError(e)) {
      io.stderr.write(
        `cap-lens: ${terminalText(e.message, true)}\n${entry ? `Run 'cap-lens ${entry.name} --help' for usage.` : "Run 'cap-lens --help' for the commands."}\n`,
      );
      return EXIT_USAGE;
    }
    if (isIoError(e)) {
      // Paths and names in the message come from the user or a design: never send their control characters.
      io.stderr.write(`cap-lens: ${terminalText(e.message, true)}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`cap-lens: internal error, please report it: ${(e as Error).stack ?? e}\n`);
    return EXIT_USAGE;
  }
}
