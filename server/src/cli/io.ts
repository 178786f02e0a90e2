// What a CLI command may touch: its streams, working directory and environment (passed in, so commands can
// be run in-process by tests), the two error kinds that map to exit code 2, and terminal colours.

import { existsSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

export interface OutputStream {
  write(text: string): void;
  isTTY?: boolean;
}

export interface Io {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Standard input as UTF-8; with `maxBytes`, refused (IoError) past that many bytes, without reading on. */
  readStdin(maxBytes?: number): Promise<string>;
}

export const EXIT_OK = 0;
/** Findings at error level, too many warnings, a non-linearizable history. */
export const EXIT_FINDINGS = 1;
/** A usage mistake or a file that cannot be read or written. */
export const EXIT_USAGE = 2;

// Each command is its own bundle (see cli.ts), so each has its own copy of these classes: the dispatcher
// recognises them by a brand in the global symbol registry, never by `instanceof`.
const USAGE = Symbol.for('cap-lens.usage-error');
const IO = Symbol.for('cap-lens.io-error');

/** The command line is wrong: exit 2 and point at --help. */
export class UsageError extends Error {
  readonly [USAGE] = true;
}

/** A file could not be read or written: exit 2 with the path and the system's reason. */
export class IoError extends Error {
  readonly [IO] = true;
}

/** A UsageError from any bundle. */
export function isUsageError(e: unknown): e is UsageError {
  return typeof e === 'object' && e !== null && (e as { [USAGE]?: unknown })[USAGE] === true;
}

/** An IoError from any bundle. */
export function isIoError(e: unknown): e is IoError {
  return typeof e === 'object' && e !== null && (e as { [IO]?: unknown })[IO] === true;
}

export function describeIoError(path: string, e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return `'${path}' does not exist`;
    case 'EISDIR':
      return `'${path}' is a folder, not a file`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied for '${path}'`;
    default:
      return `cannot access '${path}': ${err.message}`;
  }
}

/**
 * Writes to `--output FILE` when given, else to stdout. `inputs` are the files the command read: writing over
 * one of them (`report --output design.cap.yaml design.cap.yaml`) would replace the design with the report.
 */
export function emit(io: Io, text: string, outputPath: string | undefined, inputs: readonly string[] = []): void {
  if (!outputPath || outputPath === '-') {
    io.stdout.write(text);
    return;
  }
  const target = resolve(io.cwd, outputPath);
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  if (inputs.some((input) => input !== '<stdin>' && real(input) === real(target))) {
    throw new UsageError(
      `'${outputPath}' is one of the designs being read: writing there would replace it. Choose another --output file.`,
    );
  }
  try {
    writeFileSync(target, text);
  } catch (e) {
    const folder = dirname(target);
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !existsSync(folder)) {
      throw new IoError(`cannot write '${outputPath}': the folder '${relative(io.cwd, folder) || folder}' does not exist`);
    }
    throw new IoError(describeIoError(outputPath, e));
  }
}

export interface Colors {
  enabled: boolean;
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  cyan(s: string): string;
  green(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
  underline(s: string): string;
}

/**
 * Colour when writing to a terminal, as most linters do; NO_COLOR turns it off and FORCE_COLOR on
 * (both de-facto conventions), and `--color`/`--no-color` beat both.
 */
export function useColor(io: Io, flag: boolean | undefined, stream: OutputStream = io.stdout): boolean {
  if (flag !== undefined) return flag;
  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && io.env.TERM !== 'dumb';
}

export function colors(enabled: boolean): Colors {
  const wrap = (open: number, close: number) => (s: string) => (enabled && s ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return {
    enabled,
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    blue: wrap(34, 39),
    cyan: wrap(36, 39),
    green: wrap(32, 39),
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    underline: wrap(4, 24),
  };
}
