// The history checker's figures for `npm run bench`, measured as a user meets them: wall-clock time of the
// built `cap-lens` binary (dist/cli.js), start-up included, on the Porcupine corpus (../shared/corpora), beside
// Porcupine's own published time (Go, parsing and checking all 102 etcd logs in one process: about 1.3 s on
// this kind of machine, best of 3; ../shared/corpora/README.md). Also the start-up of `cap-lens --version`
// against a bare `node -e 0`, the per-file cost of small logs in one process, and the hostile inputs of
// issue 17 (a crafted 1 MB log line, 200 concurrent processes). Targets are reported, never asserted.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkHistoryText } from '../server/src/core/simulation/history-check';
import { parseJepsenLog } from '../server/src/core/simulation/history-format';
import type { Row } from './rows';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const PORCUPINE = join(ROOT, '..', 'shared', 'corpora', 'porcupine');
/** Porcupine (Go 1.19) on the 102 etcd logs, one process, best of 3 (../shared/corpora/README.md). */
const PORCUPINE_MS = 1300;

/** Wall-clock milliseconds of one run of `args` (node started afresh, as a user's shell does). */
function wall(args: string[], input?: string): { ms: number; status: number | null; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  return { ms: performance.now() - t0, status: r.status, stdout: r.stdout };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function best(runs: number, f: () => number): number {
  let b = Infinity;
  for (let i = 0; i < runs; i++) b = Math.min(b, f());
  return b;
}

export async function runHistoryBench(): Promise<Row[]> {
  const rows: Row[] = [];

  // Start-up: medians of interleaved runs, so a busy neighbour hits both alike.
  const bare: number[] = [];
  const version: number[] = [];
  for (let i = 0; i < 15; i++) {
    bare.push(wall(['-e', '0']).ms);
    version.push(wall([CLI, '--version']).ms);
  }
  const nodeMs = median(bare);
  const versionMs = median(version);
  rows.push({ name: 'start-up: bare `node -e 0`, median of 15', value: nodeMs, unit: 'ms' });
  rows.push({ name: 'start-up: `cap-lens --version`, median of 15', value: versionMs, unit: 'ms' });
  rows.push({
    name: 'start-up: `cap-lens --version` minus `node -e 0`',
    value: versionMs - nodeMs,
    unit: 'ms',
    target: '≤ 30 ms',
    ok: versionMs - nodeMs <= 30,
  });

  const etcdDir = join(PORCUPINE, 'jepsen');
  const etcd = readdirSync(etcdDir)
    .filter((f) => f.endsWith('.log') && readFileSync(join(etcdDir, f), 'utf8').trim() !== '')
    .sort()
    .map((f) => join(etcdDir, f));
  let verdicts = '';
  const corpusMs = best(3, () => {
    const r = wall([CLI, 'check-history', ...etcd]);
    verdicts = /(\d+ histories: .*) \(/.exec(r.stdout)?.[1] ?? `exit ${r.status}`;
    return r.ms;
  });
  rows.push({
    name: `${etcd.length} Jepsen etcd logs, one \`check-history\` call, start-up included, best of 3 (Porcupine: ${(PORCUPINE_MS / 1000).toFixed(1)} s) [${verdicts}]`,
    value: corpusMs,
    unit: 'ms',
    target: '< 700 ms',
    ok: corpusMs < 700 && verdicts === '102 histories: 23 linearizable, 79 not linearizable',
  });
  rows.push({
    name: `  speed-up over Porcupine's ${(PORCUPINE_MS / 1000).toFixed(1)} s`,
    value: PORCUPINE_MS / corpusMs,
    unit: '×',
    target: '≥ 1.9',
    ok: PORCUPINE_MS / corpusMs >= 1.9,
  });

  // Small logs in one process: what each costs once the process runs (warm, as the 100th file of a call is).
  const texts = etcd.map((f) => readFileSync(f, 'utf8'));
  for (const t of texts) checkHistoryText(t, { explain: false });
  const perFile = texts.map((t) => {
    const t0 = performance.now();
    checkHistoryText(t, { explain: false });
    return performance.now() - t0;
  });
  const sorted = [...perFile].sort((a, b) => a - b);
  rows.push({ name: 'etcd logs in one process: median per file (parse and check)', value: median(perFile), unit: 'ms' });
  rows.push({
    name: 'etcd logs in one process: 90th percentile per file',
    value: sorted[Math.floor(0.9 * sorted.length)],
    unit: 'ms',
  });
  rows.push({
    name: `etcd logs in one process: files under 1 ms, of ${sorted.length}`,
    value: sorted.filter((x) => x < 1).length,
    unit: 'files',
  });
  const smallest = etcd[perFile.indexOf(sorted[0])];
  const oneSmall = median(Array.from({ length: 7 }, () => wall([CLI, 'check-history', smallest]).ms));
  rows.push({
    name: `one small log per call (\`check-history ${smallest.split('/').pop()}\`) minus \`node -e 0\``,
    value: oneSmall - nodeMs,
    unit: 'ms',
    target: '≤ 60 ms',
    ok: oneSmall - nodeMs <= 60,
  });

  for (const name of ['c50-ok.txt', 'c50-bad.txt']) {
    let verdict = '';
    const ms = best(3, () => {
      const r = wall([CLI, 'check-history', join(PORCUPINE, 'kv', name)]);
      verdict = r.status === 0 ? 'linearizable' : r.status === 1 ? 'not linearizable' : `exit ${r.status}`;
      return r.ms;
    });
    const expected = name.includes('-ok') ? 'linearizable' : 'not linearizable';
    rows.push({
      name: `kv ${name} (50 clients, 10 keys), one call, start-up included [${verdict}]`,
      value: ms,
      unit: 'ms',
      target: '< 1000 ms',
      ok: ms < 1000 && verdict === expected,
    });
  }

  // Issue 17: a crafted line used to take over two minutes per megabyte; the time limit bounds any search.
  const crafted = `:invoke ${'jepsen.util-'.repeat(87_000)}`;
  const t0 = performance.now();
  parseJepsenLog(`${crafted}\n`.repeat(1));
  const craftedMs = performance.now() - t0;
  rows.push({
    name: `crafted log line (\`:invoke \` + \`jepsen.util-\` × 87,000: ${(crafted.length / 1e6).toFixed(2)} MB), parse`,
    value: craftedMs,
    unit: 'ms',
    target: '< 100 ms',
    ok: craftedMs < 100,
  });
  const lines: string[] = [];
  for (let p = 0; p < 200; p++) lines.push(p % 2 ? `${p} :invoke :read nil` : `${p} :invoke :write ${p % 5}`);
  for (let k = 0; k < 200; k++) {
    const p = (k * 73) % 200;
    lines.push(p % 2 ? `${p} :ok :read ${(k * 7) % 5}` : `${p} :ok :write ${p % 5}`);
  }
  lines.push('200 :invoke :read nil', '200 :ok :read 9');
  const hard = lines.map((l) => `INFO jepsen.util - ${l}`).join('\n');
  const limited = wall([CLI, 'check-history', '--timeout', '1s', '-'], hard);
  rows.push({
    name: `200 concurrent processes, \`--timeout 1s\` (was 18 s before "inconclusive") [exit ${limited.status}]`,
    value: limited.ms,
    unit: 'ms',
    target: '< 1500 ms',
    ok: limited.ms < 1500 && limited.status === 3,
  });
  return rows;
}
