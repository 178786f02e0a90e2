// `cap-lens lsp --stdio`: the CAP Lens language server itself, for Neovim, Helix, Emacs and any LSP client.
// The same `startServer` the VS Code extension runs, with `.caplens.yaml` settings looked up per document.

import { connectStreams } from '../../lsp/connect';
import { startServer } from '../../lsp/server';
import { fileRuleLookup } from '../../node/config-file';
import { workerThreadExecutor } from '../../lsp/scenario-thread';
import { parseArgs, type OptionSpec } from '../args';
import type { Command } from '../command';
import { UsageError, type Io } from '../io';

const OPTIONS: OptionSpec[] = [
  {
    name: 'stdio',
    type: 'boolean',
    description: 'Talk LSP over standard input and output (the default, and the only transport)',
  },
];

export const lspCommand: Command = {
  name: 'lsp',
  usage: 'cap-lens lsp --stdio',
  summary: 'Run the language server (for Neovim, Helix, Emacs and other LSP clients)',
  description:
    "Starts the CAP Lens language server on standard input and output: diagnostics, hovers, completion, go to definition, rename, outline and quick fixes, exactly as in VS Code. Rule severities come from .caplens.yaml and from the client's `capLens.rules` settings. See docs/cli.md for Neovim and Helix configuration.",
  options: OPTIONS,
  run(argv: string[], _io: Io): Promise<number> {
    const { positionals } = parseArgs(argv, OPTIONS);
    if (positionals.length) throw new UsageError(`'lsp' takes no arguments (got ${positionals.join(' ')}).`);
    // The protocol library exits the process on the client's `exit` notification; resolve when the client
    // goes away without one, so the process never lingers.
    return new Promise((resolve) => {
      startServer(
        connectStreams(process.stdin, process.stdout, (lifecycle) => resolve(lifecycle.state === 'shutdown' ? 0 : 1)),
        { fileRules: fileRuleLookup(), scenarios: workerThreadExecutor },
      );
    });
  },
};
