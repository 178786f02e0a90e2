// `npm run bench`: the performance figures of CAP Lens, printed as a table. Targets are reported, not
// asserted: timing belongs here, never in unit tests. The generated designs are realistic: one datastore in
// ten claims something its settings contradict; a worst case with findings everywhere is measured too.
// `npm run bench -- --only 1000` measures just the editor latency on one size; `--only histories` just the
// history checker (bench/histories.ts: Porcupine's corpus beside Porcupine's own time, start-up); `--only hard`
// just the hard shape (bench/hard-designs.ts: every datastore with an engine, half with findings, at 1,000 and
// 5,000 datastores, and yaml-language-server on the same file).
//   - cold full check vs `yaml.parseDocument` of the same text (target ≤ 1.5×)
//   - keystroke-to-diagnostics over stdio, debounce included (1,000 datastores: median ≤ 50 ms, p95 ≤ 100 ms)
//   - hover latency (≤ 10 ms) and server memory (≤ 150 MB)
//   - the simulator's figures, from bench/simulation.ts when present
//   - the history checker and the CLI's start-up, from bench/histories.ts
//   - the browser build's bundle sizes (the server's target: < 400 KB minified), from bench/browser.ts;
//     `--only browser` measures just these

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseDocument } from 'yaml';
import { analyzeFull } from '../server/src/core/analysis/analyze';
import { SERVER_EXEC_ARGV } from '../server/src/lsp/launch';
import { generateDesign } from '../test/support/generate';
import { positionAt, ROOT, startServer } from '../test/support/lsp-client';
import { keystrokeRows, percentile, type Row } from './rows';

const rows: Row[] = [];
const record = (row: Row) => {
  rows.push(row);
  console.error(`  ${row.name}: ${format(row.value)} ${row.unit}`);
};

function format(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function timeIt(f: () => void, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return percentile(times, 50);
}

async function coldCheck(): Promise<void> {
  for (const count of [100, 1000, 5000]) {
    const text = generateDesign(count);
    const lines = text.split('\n').length;
    const runs = count >= 5000 ? 3 : 5;
    timeIt(() => analyzeFull(text), 1); // warm the JIT
    const parse = timeIt(() => parseDocument(text), runs);
    const check = timeIt(() => analyzeFull(text), runs);
    record({
      name: `${count} datastores (${lines.toLocaleString('en-US')} lines): yaml.parseDocument`,
      value: parse,
      unit: 'ms',
    });
    record({ name: `${count} datastores: cold full check`, value: check, unit: 'ms' });
    record({
      name: `${count} datastores: full check / parse`,
      value: check / parse,
      unit: '×',
      target: '≤ 1.5',
      ok: check / parse <= 1.5,
    });
  }
}

async function editorLatency(count: number, targets: boolean, wrongShare = 0.1): Promise<void> {
  const text = generateDesign(count, 1, wrongShare);
  const label = wrongShare >= 1 ? `${count} datastores, all with findings` : `${count} datastores`;
  // Started exactly as the extension starts it.
  const client = await startServer({
    command: [process.execPath, ...SERVER_EXEC_ARGV, join(ROOT, 'dist', 'server.js'), '--stdio'],
  });
  try {
    const uri = `file:///bench/generated-${count}.cap.yaml`;
    client.open(uri, text, 1);
    await client.diagnostics(uri, 1, 120_000);
    // Retype the read quorum of datastores all over the file, one keystroke at a time, waiting for each
    // keystroke's diagnostics as a user watching the squiggles would.
    const latencies: number[] = [];
    let version = 1;
    const keystrokes = 200;
    for (let i = 0; i < keystrokes; i++) {
      const store = Math.floor((i * 7919) % count);
      const pos = positionAt(text, `  store-${store}:\n`);
      const line = pos.line + 3; // `    read_quorum: X`
      version++;
      const digit = String(1 + (i % 3));
      const t0 = performance.now();
      client.change(uri, version, [{ range: { start: { line, character: 17 }, end: { line, character: 100 } }, text: digit }]);
      await client.diagnostics(uri, version, 60_000);
      latencies.push(performance.now() - t0);
    }
    for (const row of keystrokeRows(label, latencies, targets)) record(row);

    const hovers: number[] = [];
    for (let i = 0; i < 100; i++) {
      const pos = positionAt(text, `  store-${(i * 31) % count}:`, 3);
      const t0 = performance.now();
      await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: pos });
      hovers.push(performance.now() - t0);
    }
    const hover = percentile(hovers, 50);
    record({
      name: `${label}: hover, median`,
      value: hover,
      unit: 'ms',
      ...(targets ? { target: '≤ 10', ok: hover <= 10 } : {}),
    });
    record({ name: `${label}: hover, p95`, value: percentile(hovers, 95), unit: 'ms' });

    const status = readFileSync(`/proc/${client.process.pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const mb = rssKb / 1024;
    record({
      name: `${label}: server memory (RSS)`,
      value: mb,
      unit: 'MB',
      ...(targets ? { target: '≤ 150', ok: mb <= 150 } : {}),
    });
  } finally {
    await client.close();
  }
}

async function hardDesigns(): Promise<void> {
  console.error('Hard designs: every datastore with an engine and placement, half with findings');
  const { runHardDesign, runYamlLanguageServer } = await import('./hard-designs');
  for (const count of [1000, 5000]) {
    for (const engines of ['cassandra', 'mixed'] as const) {
      await runHardDesign(count, engines, record);
      await runYamlLanguageServer(count, engines, record);
    }
  }
}

async function browserBuild(): Promise<void> {
  console.error('Browser build');
  const { runBrowserBench } = await import('./browser');
  for (const row of await runBrowserBench()) record(row);
}

async function histories(): Promise<void> {
  console.error('Histories and start-up');
  const { runHistoryBench } = await import('./histories');
  for (const row of await runHistoryBench()) record(row);
}

function printTable(): void {
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`\n${'measure'.padEnd(width)} | ${'value'.padStart(10)} | target   | ok`);
  console.log(`${'-'.repeat(width)}-|-${'-'.repeat(10)}-|----------|---`);
  for (const r of rows)
    console.log(
      `${r.name.padEnd(width)} | ${`${format(r.value)} ${r.unit}`.padStart(10)} | ${(r.target ?? '').padEnd(8)} | ${r.ok === undefined ? '' : r.ok ? 'yes' : 'NO'}`,
    );
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'server.js'))) throw new Error('dist/server.js is missing: run `npm run build` first');
  if (process.argv.includes('--only') && process.argv[process.argv.indexOf('--only') + 1] === 'histories') {
    await histories();
    printTable();
    return;
  }
  if (process.argv.includes('--only') && process.argv[process.argv.indexOf('--only') + 1] === 'hard') {
    await hardDesigns();
    printTable();
    return;
  }
  if (process.argv.includes('--only') && process.argv[process.argv.indexOf('--only') + 1] === 'browser') {
    await browserBuild();
    printTable();
    return;
  }
  const quick = process.argv.includes('--only');
  if (!quick) {
    console.error('Cold checks');
    await coldCheck();
  }
  const only = process.argv.includes('--only') ? Number(process.argv[process.argv.indexOf('--only') + 1]) : undefined;
  // 5,000 datastores (2 MB) is near the largest design the editor checks as you type (MAX_EDITOR_BYTES, 3 MB).
  for (const count of [100, 1000, 5000].filter((c) => !only || c === only)) {
    console.error(`Editor latency, ${count} datastores`);
    await editorLatency(count, count === 1000);
  }
  // The worst case: every datastore and component contradicts its claims (about 2,500 diagnostics).
  if (!only || only === 1000) await editorLatency(1000, false, 1);
  const simulation = join(__dirname, 'simulation.ts');
  if (existsSync(simulation) && !quick) {
    console.error('Simulation');
    const { runSimulationBench } = (await import(simulation)) as { runSimulationBench: () => Promise<Row[]> };
    for (const row of await runSimulationBench()) record(row);
  }
  if (!quick) await hardDesigns();
  if (!quick) await histories();
  if (!quick) await browserBuild();
  printTable();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
