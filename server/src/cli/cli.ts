// `cap-lens`: dispatches to a subcommand, prints help and version, and turns errors into exit codes
// (usage and I/O errors: 2 with a one-line reason; anything unexpected: 2 with the stack, as a bug).

import { didYouMean } from '../core/text/suggest';
import { optionsHelp, type OptionSpec } from './args';
import type { Command } from './command';
import { checkCommand } from './commands/check';
import { checkHistoryCommand } from './commands/check-history';
import { explainCommand } from './commands/explain';
import { lspCommand } from './commands/lsp';
import { reportCommand } from './commands/report';
import { rulesCommand } from './commands/rules';
import { simulateCommand } from './commands/simulate';
import { stalenessCommand } from './commands/staleness';
import { EXIT_OK, EXIT_USAGE, IoError, UsageError, type Io } from './io';
import { VERSION } from './version';

export const COMMANDS: Command[] = [checkCommand, explainCommand, reportCommand, rulesCommand, lspCommand, simulateCommand, stalenessCommand, checkHistoryCommand];

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
  return [`Usage: ${command.usage}`, '', `${command.summary}.`, '', command.description, '', 'Options:', optionsHelp([...command.options, HELP_OPTION]), ''].join('\n');
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.stdout.write(topic ? commandHelp(topic) : mainHelp());
    return EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) {
      const guess = didYouMean(name, COMMANDS.map((c) => c.name));
      throw new UsageError(`unknown command '${name}'.${guess ? ` Did you mean '${guess}'?` : ''}`);
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(commandHelp(command));
      return EXIT_OK;
    }
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`cap-lens: ${e.message}\n${command ? `Run 'cap-lens ${command.name} --help' for usage.` : "Run 'cap-lens --help' for the commands."}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof IoError) {
      io.stderr.write(`cap-lens: ${e.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`cap-lens: internal error, please report it: ${(e as Error).stack ?? e}\n`);
    return EXIT_USAGE;
  }
}
