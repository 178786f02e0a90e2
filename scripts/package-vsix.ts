// Packages dist/cap-lens.vsix and records what it was built from, so `npm start` repackages only when an input
// changed and can say which. `npm run package` runs this file (always packages); `npm start` calls ensureVsix().
//
// The record, dist/cap-lens.vsix.inputs.json, holds the SHA-256 of every input file and of the VSIX itself: a
// VSIX packaged by other means, or edited, no longer matches and is rebuilt.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { REPO } from './code-server';

export const VSIX = 'dist/cap-lens.vsix';
export const RECORD = 'dist/cap-lens.vsix.inputs.json';

/**
 * What the VSIX is made of: the sources esbuild bundles into dist/ (client, server and everything they import,
 * through package-lock.json for dependencies), how they are bundled, and the files .vscodeignore lets into
 * the package. Folders are taken whole.
 */
export const INPUTS = [
  'client/src',
  'server/src',
  'schemas',
  'syntaxes',
  'images/icon.png',
  'language-configuration.json',
  'package.json',
  'package-lock.json',
  'README.md',
  'LICENSE',
  '.vscodeignore',
  'scripts/build.mjs',
  'scripts/web-bundles.mjs',
  'scripts/browser-only-plugin.mjs',
  'tsconfig.json',
];

interface PackageRecord {
  vsix: string;
  inputs: Record<string, string>;
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** SHA-256 of every input file under `root`, by path relative to it ('/'-separated), in sorted order. */
export function hashInputs(root = REPO): Record<string, string> {
  const files: string[] = [];
  for (const input of INPUTS) {
    const path = join(root, input);
    if (!existsSync(path)) continue;
    if (statSync(path).isDirectory()) {
      for (const f of readdirSync(path, { recursive: true }) as string[]) {
        if (statSync(join(path, f)).isFile()) files.push(join(input, f));
      }
    } else {
      files.push(input);
    }
  }
  const out: Record<string, string> = {};
  for (const f of files.sort()) out[f.split(sep).join('/')] = sha256(join(root, f));
  return out;
}

/** "a, b, c and 4 more" */
function list(names: string[], max = 4): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/**
 * Why the VSIX under `root` must be rebuilt, in words for the user; undefined when it was packaged from
 * exactly the current inputs (`inputs`, from hashInputs) and has not changed since.
 */
export function staleReason(root = REPO, inputs = hashInputs(root)): string | undefined {
  const vsix = join(root, VSIX);
  if (!existsSync(vsix)) return `there is no ${VSIX} yet`;
  let record: PackageRecord;
  try {
    record = JSON.parse(readFileSync(join(root, RECORD), 'utf8')) as PackageRecord;
    if (typeof record.vsix !== 'string' || typeof record.inputs !== 'object' || !record.inputs) throw new Error('malformed');
  } catch {
    return `${VSIX} has no record of the sources it was built from (${RECORD})`;
  }
  if (sha256(vsix) !== record.vsix) return `${VSIX} is not the package recorded in ${RECORD} (it was rebuilt or changed since)`;
  const changed: string[] = [];
  const added: string[] = [];
  for (const [file, hash] of Object.entries(inputs)) {
    if (!(file in record.inputs)) added.push(file);
    else if (record.inputs[file] !== hash) changed.push(file);
  }
  const removed = Object.keys(record.inputs).filter((f) => !(f in inputs));
  const parts = [
    changed.length ? `changed: ${list(changed)}` : '',
    added.length ? `new: ${list(added)}` : '',
    removed.length ? `removed: ${list(removed)}` : '',
  ].filter(Boolean);
  const n = changed.length + added.length + removed.length;
  return n ? `${n} source file${n === 1 ? ' differs' : 's differ'} from the last package (${parts.join('; ')})` : undefined;
}

/** Records that the VSIX under `root`, as it is now, was packaged from `inputs`. */
export function writeRecord(root: string, inputs: Record<string, string>): void {
  const record: PackageRecord = { vsix: sha256(join(root, VSIX)), inputs };
  writeFileSync(join(root, RECORD), `${JSON.stringify(record, null, 1)}\n`);
}

/** Runs `cmd args` in the repository; with `quiet`, collects the output (rejecting with it on failure). */
export function run(cmd: string, args: string[], quiet: boolean, cwd = REPO): Promise<string> {
  return new Promise((res, rej) => {
    const p = spawn(cmd, args, { cwd, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let out = '';
    p.stdout?.on('data', (d) => (out += d));
    p.stderr?.on('data', (d) => (out += d));
    p.on('error', rej);
    p.on('close', (code) =>
      code === 0 ? res(out) : rej(Object.assign(new Error(`${cmd} ${args.join(' ')} exited with ${code}`), { output: out })),
    );
  });
}

/**
 * Bundles for production and packages the VSIX with vsce, then writes the record of the inputs as they were
 * before the build started (an edit during the build then counts as a change next time). With `quiet`,
 * returns vsce's summary line and throws with the whole output on failure.
 */
export async function packageVsix(quiet = false): Promise<string> {
  const inputs = hashInputs();
  await run(process.execPath, ['scripts/build.mjs', '--production'], quiet);
  const out = await run(
    process.execPath,
    [join(REPO, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '-o', VSIX],
    quiet,
  );
  writeRecord(REPO, inputs);
  return (
    out
      .trim()
      .split('\n')
      .filter((l) => /Packaged:/.test(l))
      .pop() ?? `Packaged: ${VSIX}`
  );
}

/**
 * Packages the VSIX unless it is current; reports through `log` whether it was and, if not, why it is rebuilt.
 * Returns the VSIX's absolute path.
 */
export async function ensureVsix(log: (line: string) => void): Promise<string> {
  const inputs = hashInputs();
  const reason = staleReason(REPO, inputs);
  if (reason === undefined) {
    log(`${VSIX} is up to date (none of its ${Object.keys(inputs).length} source files changed since it was packaged)`);
  } else {
    log(`packaging ${VSIX}: ${reason}`);
    const started = Date.now();
    log(`${(await packageVsix(true)).replace(/^\s*DONE\s*/, '')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return join(REPO, VSIX);
}

if (require.main === module) {
  packageVsix().catch((e: Error & { output?: string }) => {
    console.error(e.output ?? '', e.message);
    process.exit(1);
  });
}
