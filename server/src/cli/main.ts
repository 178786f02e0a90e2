// Entry point of the `cap-lens` binary (bundled to dist/cli.js): wires the real process into the CLI.

import { run } from './cli';
import type { Io } from './io';

const io: Io = {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

// Set exitCode rather than calling process.exit so piped output is flushed before the process ends.
// The `lsp` command resolves only when the connection closes.
run(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
