// `node --import tsx bench/hostile.ts [--server dist/server.js] [--cli dist/cli.js] [--only text]`: the
// hostile inputs of issue 17 run against a built language server and CLI, one fresh process per case, with
// the wall time, the server's peak RSS and the outcome of each. Point --server/--cli at an older build to
// compare. Figures are reported, not asserted (the tests assert behaviour; timing belongs here).

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateDesign } from '../test/support/generate';
import { SERVER_EXEC_ARGV } from '../server/src/lsp/launch';
import { ROOT, startServer, type TestClient } from '../test/support/lsp-client';
import { injectedTags, linkTargets, renderMarkdown } from '../test/support/markdown';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const SERVER = resolve(arg('server') ?? join(ROOT, 'dist', 'server.js'));
const CLI = resolve(arg('cli') ?? join(ROOT, 'dist', 'cli.js'));
const ONLY = arg('only');
/** Longest a case may take before it is reported as a hang. */
const LIMIT_MS = Number(arg('limit') ?? 30_000);

interface Outcome {
  ms: number;
  rssMb?: number;
  outcome: string;
}

const uri = 'file:///hostile/design.cap.yaml';

function peakRssMb(pid: number | undefined): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    return Math.round(kb / 1024);
  } catch {
    return undefined;
  }
}

async function withTimeout<T>(p: Promise<T>, ms = LIMIT_MS): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ms)));
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

/** Opens `text` in a fresh server, then runs `then`; times the whole. */
async function lspCase(text: string, then?: (c: TestClient) => Promise<string>): Promise<Outcome> {
  const client = await startServer({
    command: [process.execPath, ...SERVER_EXEC_ARGV, SERVER, '--stdio'],
    settings: { diagnosticsDelay: 0 },
  });
  const exited = new Promise<string>((r) =>
    client.process.once('exit', (code, signal) => r(`server exited (${signal ?? code})`)),
  );
  const t0 = performance.now();
  let outcome: string;
  try {
    const run = (async () => {
      client.open(uri, text, 1);
      const d = await client.diagnostics(uri, 1, LIMIT_MS);
      const first = `${d.diagnostics.length} diagnostics${d.diagnostics.length ? ` (first: ${String(d.diagnostics[0].message).slice(0, 70)})` : ''}`;
      return then ? await then(client) : first;
    })();
    const r = await withTimeout(Promise.race([run, exited]));
    outcome = r === 'timeout' ? `no answer in ${LIMIT_MS / 1000} s` : r;
  } catch (e) {
    outcome = `error: ${String((e as Error).message)
      .split('\n')[0]
      .slice(0, 80)}`;
  }
  const ms = performance.now() - t0;
  const rssMb = peakRssMb(client.process.pid);
  client.process.kill('SIGKILL');
  client.connection.dispose();
  return { ms, rssMb, outcome };
}

async function request(c: TestClient, method: string, params: unknown): Promise<string> {
  const t0 = performance.now();
  const r = await withTimeout(c.connection.sendRequest(method, params) as Promise<unknown>);
  if (r === 'timeout') return `${method} no answer in ${LIMIT_MS / 1000} s`;
  return `${method} answered in ${(performance.now() - t0).toFixed(0)} ms`;
}

function cliCase(args: string[], options: { cwd?: string; input?: string; shell?: string } = {}): Outcome {
  const t0 = performance.now();
  const r = options.shell
    ? // `timeout` inside the shell: spawnSync's own would stop only bash, and a CLI reading /dev/zero would run on.
      spawnSync('bash', ['-c', `timeout -s KILL ${LIMIT_MS / 1000} bash -c ${JSON.stringify(options.shell)}`], {
        cwd: options.cwd,
        encoding: 'utf8',
        timeout: LIMIT_MS + 5000,
        env: { ...process.env, CLI },
        maxBuffer: 1 << 30,
      })
    : spawnSync(process.execPath, [CLI, ...args], {
        cwd: options.cwd,
        input: options.input,
        encoding: 'utf8',
        timeout: LIMIT_MS,
        maxBuffer: 1 << 30,
      });
  const ms = performance.now() - t0;
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.replace(/\s+/g, ' ').trim();
  const killed = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT' || (options.shell && r.status === 137);
  const outcome = killed
    ? `killed after ${LIMIT_MS / 1000} s`
    : r.error
      ? String(r.error)
      : `exit ${r.status}: ${out.slice(0, 110)}`;
  return { ms, outcome };
}

const crlf = 'system: s\r\ndatastores: {}\r\n';
const at0 = { textDocument: { uri }, position: { line: 0, character: 0 } };
const scenarioDesign = (scenario: string, replicas = 3) =>
  `system: s\ndatastores:\n  kv:\n    replicas: ${replicas}\n    replication: consensus\n    claims: {consistency: linearizable}\nscenarios:\n  - name: big\n${scenario}`;
const spaces = `a${' '.repeat(60_000)}b`;
const spaceDesign = `system: s\ndatastores:\n  kv:\n    replicas: 3\n    why: ${spaces}\n`;

const tmp = mkdtempSync(join(tmpdir(), 'cap-lens-hostile-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

const CASES: [string, () => Promise<Outcome> | Outcome][] = [
  ['1 completion on a CRLF file', () => lspCase(crlf, (c) => request(c, 'textDocument/completion', at0))],
  [
    '1 completion on mixed line endings',
    () =>
      lspCase('system: s\r\ndatastores:\n  kv:\r    replicas: 3\r\n', (c) =>
        request(c, 'textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 2 } }),
      ),
  ],
  [
    '1 completion on a file ending in a lone CR',
    () =>
      lspCase('system: s\rdatastores: {}\r', (c) =>
        request(c, 'textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 0 } }),
      ),
  ],
  [
    '2 3,000 block sequences on one line, then a keystroke',
    () =>
      lspCase(`system: s\ndatastores: {}\nregions:\n  ${'- '.repeat(3000)}x\n`, async (c) => {
        c.change(uri, 2, [{ text: `system: s\ndatastores: {}\nregions:\n  ${'- '.repeat(3000)}xy\n` }]);
        const d = await c.diagnostics(uri, 2, LIMIT_MS);
        return `v2: ${d.diagnostics.length} diagnostics (${String(d.diagnostics[0]?.message).slice(0, 60)})`;
      }),
  ],
  ['2 100,000 nested explicit keys', () => lspCase(`system: s\n${'? '.repeat(100_000)}x\n`)],
  [
    '3 20,000 aliases of one anchor',
    () => lspCase(`system: s\ndatastores:\n  kv: {replicas: 3, why: &a x}\nregions: [${Array(20_000).fill('*a').join(', ')}]\n`),
  ],
  ['3 1 KB alias bomb', () => lspCase(aliasBomb(9))],
  ['3 YAML 1.1 merge-key bomb', () => lspCase(mergeBomb(12))],
  [
    '4 hover on a why: with 60,000 spaces',
    () =>
      lspCase(spaceDesign, (c) =>
        request(c, 'textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 10 } }),
      ),
  ],
  [
    '4 completion on a keyless line of 60,000 spaces',
    () =>
      lspCase(`system: s\ndatastores:\n  kv:\n    replicas: 3\n    ${spaces}\n`, (c) =>
        request(c, 'textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 30000 } }),
      ),
  ],
  ['5 scenario of duration 24h', () => lspCase(scenarioDesign('    duration: 24h\n'))],
  [
    '5 scenario keys 1e8, rate 1e6',
    () => lspCase(scenarioDesign('    duration: 1s\n    workload: {keys: 100000000, rate: 1000000}\n')),
  ],
  ['5 scenario clients 5,000,000', () => lspCase(scenarioDesign('    duration: 1s\n    workload: {clients: 5000000}\n'))],
  [
    '5 2,000 scenarios',
    () =>
      lspCase(
        scenarioDesign(
          `    duration: 1s\n${Array.from({ length: 1999 }, (_, i) => `  - name: s${i}\n    duration: 1s\n`).join('')}`,
        ),
      ),
  ],
  ['5 replicas 10000 with a 5 s scenario', () => lspCase(scenarioDesign('    duration: 5s\n', 10_000))],
  ['6 3.9 MB design (~8,500 datastores, all with findings)', () => lspCase(bigDesign(3.9))],
  ['6 1 MB design (~2,300 datastores, all with findings)', () => lspCase(bigDesign(1))],
  [
    '6 report on a 3.9 MB design',
    () => {
      writeFileSync(join(tmp, 'big.cap.yaml'), bigDesign(3.9));
      return cliCase(['report', join(tmp, 'big.cap.yaml')]);
    },
  ],
  [
    '7 settings: {constructor: 1}',
    () => lspCase('system: s\ndatastores:\n  kv:\n    engine: cassandra\n    settings: {constructor: 1}\n'),
  ],
  [
    '7 check settings: {constructor: 1}',
    () => {
      writeFileSync(
        join(tmp, 'proto.cap.yaml'),
        'system: s\ndatastores:\n  kv:\n    engine: cassandra\n    settings: {constructor: 1}\n',
      );
      return cliCase(['check', join(tmp, 'proto.cap.yaml')]);
    },
  ],
  [
    'L settings: with 40,000 keys',
    () =>
      lspCase(
        `system: s\ndatastores:\n  kv:\n    replicas: 3\n    engine: cassandra\n    settings:\n${Array.from({ length: 40_000 }, (_, i) => `      k${i}: 1\n`).join('')}`,
      ),
  ],
  [
    'L .caplens.yaml with 50,000 rule names',
    async () => {
      const dir = join(tmp, 'cfg');
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, '.caplens.yaml'),
        `rules:\n${Array.from({ length: 50_000 }, (_, i) => `  rule-${i}: off\n`).join('')}`,
      );
      const client = await startServer({
        command: [process.execPath, ...SERVER_EXEC_ARGV, SERVER, '--stdio'],
        settings: { diagnosticsDelay: 0 },
      });
      const t0 = performance.now();
      const docUri = `file://${dir}/d.cap.yaml`;
      client.open(docUri, 'system: s\ndatastores: {kv: {replicas: 3}}\n', 1);
      const r = await withTimeout(client.diagnostics(docUri, 1, LIMIT_MS).catch(() => 'timeout' as const));
      const out = {
        ms: performance.now() - t0,
        rssMb: peakRssMb(client.process.pid),
        outcome: r === 'timeout' ? `no diagnostics in ${LIMIT_MS / 1000} s` : `${r.diagnostics.length} diagnostics`,
      };
      client.process.kill('SIGKILL');
      return out;
    },
  ],
  [
    'L 100 open 50 KB designs',
    async () => {
      const client = await startServer({
        command: [process.execPath, ...SERVER_EXEC_ARGV, SERVER, '--stdio'],
        settings: { diagnosticsDelay: 0 },
      });
      const t0 = performance.now();
      const text = generateDesign(120);
      for (let i = 0; i < 100; i++) client.open(`file:///hostile/d${i}.cap.yaml`, text, 1);
      await client.diagnostics('file:///hostile/d99.cap.yaml', 1, LIMIT_MS);
      const out = {
        ms: performance.now() - t0,
        rssMb: peakRssMb(client.process.pid),
        outcome: `${(text.length / 1024).toFixed(0)} KB each; all published`,
      };
      client.process.kill('SIGKILL');
      return out;
    },
  ],
  ...['Content-Length: abc', 'Content-Length: -5', 'Content-Length: 1e12', 'Content-Length: 3000000000', 'X-Nothing: 1'].map(
    (header) => [`L frame with ${header}`, () => frameCase(header)] as [string, () => Promise<Outcome>],
  ),
  [
    'L request before initialize',
    () =>
      rawCase([
        '{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///x"},"position":{"line":0,"character":0}}}',
      ]),
  ],
  ['L second initialize', () => rawCase([INIT(1), INIT(2)])],
  [
    'L request after shutdown',
    () =>
      rawCase([
        INIT(1),
        '{"jsonrpc":"2.0","id":2,"method":"shutdown"}',
        '{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///x"},"position":{"line":0,"character":0}}}',
      ]),
  ],
  [
    '8 datastores true: and "true":',
    () =>
      lspCase(
        'system: s\ndatastores:\n  true:\n    replicas: 3\n    read_quorum: 1\n  "true":\n    replicas: 5\n    claims: {consistency: strong}\n',
      ),
  ],
  [
    'C check a folder with a link to /proc/self/environ',
    () => {
      const dir = join(tmp, 'link');
      mkdirSync(dir, { recursive: true });
      try {
        symlinkSync('/proc/self/environ', join(dir, 'env.cap.yaml'));
      } catch {
        /* exists */
      }
      return cliCase(['check', dir]);
    },
  ],
  ['C check /dev/zero', () => cliCase(['check', '/dev/zero'])],
  ['C check - < /dev/zero', () => cliCase([], { shell: 'node "$CLI" check - < /dev/zero' })],
  ['C check --config /dev/zero', () => cliCase(['check', '--config', '/dev/zero', join(ROOT, 'samples', 'checkout.cap.yaml')])],
  [
    'C check a FIFO',
    () => {
      const fifo = join(tmp, 'fifo.cap.yaml');
      spawnSync('mkfifo', [fifo]);
      return cliCase(['check', fifo]);
    },
  ],
  [
    'C report --output onto its own design',
    () => {
      const file = join(tmp, 'same.cap.yaml');
      writeFileSync(file, readFileSync(join(ROOT, 'samples', 'checkout.cap.yaml')));
      const r = cliCase(['report', '--output', file, file]);
      return {
        ...r,
        outcome: `${r.outcome}; design ${readFileSync(file, 'utf8').startsWith('# Design review') ? 'OVERWRITTEN' : 'kept'}`,
      };
    },
  ],
  [
    'C check … | head -1',
    () => {
      writeFileSync(join(tmp, 'many.cap.yaml'), generateDesign(300, 1, 1));
      return cliCase([], { shell: `node "$CLI" check ${join(tmp, 'many.cap.yaml')} | head -1 >/dev/null` });
    },
  ],
  [
    'C report --output no/such/dir/r.html',
    () =>
      cliCase([
        'report',
        '--format',
        'html',
        '--output',
        join(tmp, 'no/such/dir/r.html'),
        join(ROOT, 'samples', 'checkout.cap.yaml'),
      ]),
  ],
  [
    '12 report --format md with hostile text',
    () => {
      const file = join(tmp, 'inject.cap.yaml');
      writeFileSync(file, INJECTION);
      const r = spawnSync(process.execPath, [CLI, 'report', '--format', 'md', file], { encoding: 'utf8' });
      // Rendered as a permissive viewer would (raw HTML allowed): what the design managed to inject.
      const html = renderMarkdown(r.stdout);
      const links = linkTargets(html).filter((href) => /^(command|javascript):/i.test(href) || href.includes('evil')).length;
      return {
        ms: 0,
        outcome: `${injectedTags(html).length} live tags, ${links} links from the design when rendered with HTML allowed`,
      };
    },
  ],
  [
    '12 check text output with terminal escapes',
    () => {
      const file = join(tmp, 'escape.cap.yaml');
      // Raw ESC bytes in the file, as a hostile design holds them (YAML escapes would be caught by the parser).
      writeFileSync(
        file,
        'system: s\ndatastores:\n  kv:\n    replicas: 3\n    read_quorum: 1\n    write_quorum: 1\n    claims: {consistency: strong}   # \u001b]0;pwned\u0007\u001b[2J\n  "\u001b]8;;http://evil\u001b\\\\x":\n    replicas: 0\n',
      );
      const r = spawnSync(process.execPath, [CLI, 'check', file], { encoding: 'utf8' });
      return { ms: 0, outcome: `${(r.stdout.match(/\u001b/g) ?? []).length} ESC bytes in the output` };
    },
  ],
];

const INIT = (id: number) =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });

const INJECTION = [
  'system: "<img src=https://evil.example/x.png> [run](command:workbench.action.terminal.new)"',
  'description: "</details><script>alert(1)</script>\\n```\\n# heading"',
  'datastores:',
  '  "<b>kv</b>":',
  '    replicas: 3',
  '    read_quorum: 1',
  '    write_quorum: 1',
  '    claims: {consistency: strong}',
  '    why: "[x](javascript:alert(1)) <iframe src=x>"',
  '',
].join('\n');

function aliasBomb(levels: number): string {
  const lines = ['system: bomb', 'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `l${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  lines.push(
    'datastores:',
    '  kv:',
    '    replicas: 3',
    `    settings: *l${levels}`,
    `    latency: *l${levels}`,
    `scenarios: *l${levels}`,
  );
  return `${lines.join('\n')}\n`;
}

function mergeBomb(levels: number): string {
  const lines = ['%YAML 1.1', '---', 'system: bomb', 'm0: &m0 {a: 1, b: 2, c: 3, d: 4}'];
  for (let i = 1; i <= levels; i++) lines.push(`m${i}: &m${i} {<<: [*m${i - 1}, *m${i - 1}, *m${i - 1}, *m${i - 1}], k${i}: 1}`);
  lines.push('datastores:', '  kv:', '    replicas: 3', `    settings: *m${levels}`);
  return `${lines.join('\n')}\n`;
}

/** Just under `mb` megabytes, every datastore claiming something its settings contradict. */
function bigDesign(mb: number): string {
  let n = Math.ceil(mb * 2400);
  let text = generateDesign(n, 1, 1);
  while (text.length > mb * 1024 * 1024) text = generateDesign((n -= 50), 1, 1);
  return text;
}

async function frameCase(header: string): Promise<Outcome> {
  return rawCase([INIT(1)], `${header}\r\n\r\n{"jsonrpc":"2.0","id":2,"method":"shutdown"}`);
}

/** Writes raw frames to a fresh server's stdin; reports what came back and whether it is still alive. */
async function rawCase(bodies: string[], tail?: string): Promise<Outcome> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [...SERVER_EXEC_ARGV, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const t0 = performance.now();
  for (const b of bodies) child.stdin.write(`Content-Length: ${Buffer.byteLength(b)}\r\n\r\n${b}`);
  if (tail) child.stdin.write(tail);
  // Then a well-formed request: does the server still answer?
  const probe = '{"jsonrpc":"2.0","id":99,"method":"shutdown"}';
  child.stdin.write(`Content-Length: ${probe.length}\r\n\r\n${probe}`);
  const exit = await withTimeout(new Promise<number | null>((r) => child.once('exit', (code) => r(code))), 3000);
  const ms = performance.now() - t0;
  const rssMb = peakRssMb(child.pid);
  const responses = [...out.matchAll(/"id":(\d+),(?:"result"|"error":\{"code":(-?\d+))/g)].map(
    (m) => `${m[1]}${m[2] ? `:${m[2]}` : ':ok'}`,
  );
  if (exit === 'timeout') child.kill('SIGKILL');
  const logged = err.trim().split('\n')[0]?.slice(0, 70) ?? '';
  return {
    ms,
    rssMb,
    outcome: `responses [${responses.join(' ')}]; ${exit === 'timeout' ? 'still running' : `exited ${exit}`}${logged ? `; stderr: ${logged}` : '; nothing logged'}`,
  };
}

async function main(): Promise<void> {
  console.log(`server: ${SERVER}\ncli: ${CLI}\n`);
  console.log('| case | time | peak RSS | outcome |\n| --- | ---: | ---: | --- |');
  for (const [name, run] of CASES) {
    if (ONLY && !name.includes(ONLY)) continue;
    const r = await run();
    console.log(
      `| ${name} | ${r.ms ? `${(r.ms / 1000).toFixed(2)} s` : ''} | ${r.rssMb ? `${r.rssMb} MB` : ''} | ${r.outcome.replace(/\|/g, '\\|')} |`,
    );
  }
  process.exit(0);
}

void main();
