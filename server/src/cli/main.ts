// Entry point of the `cap-lens` binary (bundled to dist/cli.js): wires the real process into the CLI.

import { run } from './cli';
import { formatBytes } from '../node/read-file';
import { IoError, type Io } from './io';

// `cap-lens check … | head` closes the pipe early: stop writing quietly instead of dying on EPIPE with a stack
// trace, and let the command finish so its exit status still says what it found.
let stdoutClosed = false;
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  stdoutClosed = true;
});

const io: Io = {
  cwd: process.cwd(),
  env: process.env,
  stdout: {
    write: (text: string) => {
      if (!stdoutClosed) process.stdout.write(text);
    },
    get isTTY() {
      return process.stdout.isTTY;
    },
  },
  stderr: process.stderr,
  readStdin: async (maxBytes = Infinity) => {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of process.stdin) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      // `check - < /dev/zero` never ends: stop at the limit instead of reading gigabytes.
      if (total > maxBytes) {
        process.stdin.destroy();
        throw new IoError(`standard input is larger than ${formatBytes(maxBytes)}, the most CAP Lens reads`);
      }
    }
    return Buffer.concat(chunks).toString('utf8');
  },
};

// Set exitCode rather than calling process.exit so piped output is flushed before the process ends.
// The `lsp` command resolves only when the connection closes.
run(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
