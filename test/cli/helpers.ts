// Runs the CLI as a user would: bundled by esbuild exactly as `npm run build` bundles dist/cli.js and its
// per-command bundles (fresh for each test process, so a stale dist/ can never hide a change), executed with
// node in a given folder.

import assert, { AssertionError } from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { buildSync } from 'esbuild';
import { cliBundles } from '../../scripts/cli-bundles.mjs';

export const ROOT = join(__dirname, '..', '..');
export const SAMPLES = join(ROOT, 'samples');
export const FIXTURES = join(__dirname, 'fixtures');

let built: string | undefined;

/** Path of a freshly bundled cli.js (built once per test process). */
export function cliPath(): string {
  if (built) return built;
  const dir = mkdtempSync(join(tmpdir(), 'cap-lens-cli-'));
  const outfile = join(dir, 'cli.js');
  for (const options of cliBundles(ROOT, dir, { logLevel: 'error' })) buildSync(options);
  chmodSync(outfile, 0o755);
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  built = outfile;
  return outfile;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): CliResult {
  // A clean colour environment: tests opt into FORCE_COLOR explicitly.
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env };
  const result = spawnSync(process.execPath, [cliPath(), ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary folder holding `files` (path → content); removed when the process exits. */
export function tempTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'cap-lens-tree-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  return root;
}

/** A clean design: a Raft store claiming exactly what it gives. */
export const CLEAN_DESIGN = `system: clean
datastores:
  ledger:
    replicas: 3
    replication: consensus
    claims:
      consistency: linearizable
      cap: CP
`;

/** Exactly one error (claim-needs-quorum-overlap), on line 9, column 20. */
export const ERROR_DESIGN = `system: carts
datastores:
  carts:
    replicas: 3
    read_quorum: 1
    write_quorum: 1
    conflicts: vector-clocks
    claims:
      consistency: strong
`;

/** Exactly one warning (pacelc-claim-contradicted) and nothing else. */
export const WARNING_DESIGN = `system: feed
datastores:
  feed:
    replicas: 3
    replication: consensus
    claims:
      pacelc: PA/EL
`;

/**
 * Compares `actual` with the stored snapshot `fixtures/snapshots/<name>`. A missing snapshot is written on
 * first run; `UPDATE_SNAPSHOTS=1` rewrites them all (review the diff before committing).
 */
export function matchSnapshot(name: string, actual: string): void {
  const path = join(FIXTURES, 'snapshots', name);
  if (process.env.UPDATE_SNAPSHOTS || !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  const expected = readFileSync(path, 'utf8');
  if (expected !== actual) {
    throw new AssertionError({
      message: `output differs from snapshot ${name} (UPDATE_SNAPSHOTS=1 rewrites it)`,
      actual,
      expected,
      operator: 'strictEqual',
    });
  }
}

/** The official SARIF 2.1.0 JSON schema (vendored, see fixtures/README.md), its formats checked rather than ignored. */
export function sarifValidator() {
  const schema = JSON.parse(readFileSync(join(FIXTURES, 'sarif-schema-2.1.0.json'), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // The schema's formats, checked rather than ignored (ajv knows none without the ajv-formats package).
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s) && URL.canParse(s, 'file:///base/'));
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s));
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  return ajv.compile(schema);
}

export function assertValidSarif(text: string): void {
  const validate = sarifValidator();
  const ok = validate(JSON.parse(text));
  assert.ok(ok, `SARIF invalid: ${JSON.stringify(validate.errors?.slice(0, 5), null, 2)}`);
}

/**
 * A git repository with two commits, tagged `v1` and `v2`, holding the trees of `fixtures/<name>/v1` and `v2`
 * (see fixtures/diff-history/README.md). Built fresh in a temporary folder, with fixed author and dates.
 */
export function gitHistory(name = 'diff-history'): string {
  const root = mkdtempSync(join(tmpdir(), 'cap-lens-git-'));
  process.on('exit', () => rmSync(root, { recursive: true, force: true }));
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'CAP Lens tests',
    GIT_AUTHOR_EMAIL: 'tests@example.invalid',
    GIT_COMMITTER_NAME: 'CAP Lens tests',
    GIT_COMMITTER_EMAIL: 'tests@example.invalid',
    GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
    GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
    GIT_CONFIG_NOSYSTEM: '1',
    HOME: root,
  };
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, { cwd: root, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  git('init', '--quiet', '--initial-branch=main');
  for (const version of ['v1', 'v2']) {
    git('rm', '-r', '--quiet', '--ignore-unmatch', '.');
    cpSync(join(FIXTURES, name, version), root, { recursive: true });
    git('add', '--all');
    git('commit', '--quiet', '-m', version);
    git('tag', version);
  }
  return root;
}
