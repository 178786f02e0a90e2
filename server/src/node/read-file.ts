// Reading a file named by a user or found in a folder, defensively: only regular files (a FIFO would block
// forever, /dev/zero never ends), never more than a limit (one byte more is read to tell a larger file), and
// opened without blocking, so the check itself cannot hang.

import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** Why a path was not read; `message` completes "'<path>' …". */
export class FileRefused extends Error {}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The bytes of the regular file at `path`, at most `maxBytes`; throws FileRefused for anything that is not a
 * regular file or is larger, and the file system's own error when it cannot be opened.
 */
export function readRegularFile(path: string, maxBytes: number): Buffer {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new FileRefused(`is ${kindOf(stats)}, not a regular file`);
    // Files in /proc report size 0 and are read until their end like any other.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 16, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw new FileRefused(`is larger than ${formatBytes(maxBytes)}, the most CAP Lens reads`);
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MB` : `${+(n / 1024).toFixed(1)} KB`;
}

/**
 * A file that plainly holds no text: a NUL byte never appears in a YAML design (YAML forbids it), but it
 * does in binaries and in files such as /proc/self/environ. Such content is never echoed back.
 */
export function isBinary(bytes: Buffer): boolean {
  return bytes.includes(0);
}
