// Robustness: thousands of mutated and hostile designs sent to the server over stdio. It must publish
// diagnostics for every version, answer every request, and never log an internal failure or exit. Each kind
// of input from issue 17 is searched on its own (line endings, block nesting, aliases, long runs of one
// character, prototype-named keys, scenario sizes), and every quick fix offered is applied and checked.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { applyEdits, positionOf, ROOT, startServer, type TestClient } from '../support/lsp-client';
import { Lexer, parseDocument } from 'yaml';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { aliases, longRun, mutate, nestedBlocks, prototypeWords, scenarioOfSize, withLineEndings } from '../support/hostile';
import { findRepeatedKeys } from '../../server/src/core/model/duplicate-keys';
import { pick, seededRandom } from '../support/random';

const samples = readdirSync(join(ROOT, 'samples'))
  .filter((f) => f.endsWith('.cap.yaml'))
  .map((f) => readFileSync(join(ROOT, 'samples', f), 'utf8'));

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

const HOSTILE: [string, string][] = [
  ['alias bomb', aliasBomb(9)],
  ['deep flow nesting', `system: s\ndatastores: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`],
  [
    'deep block nesting',
    `system: s\ndatastores:\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n')}\n`,
  ],
  ['5 MB file', `system: s\ndatastores:\n  kv:\n    replicas: 3\n    why: "${'x'.repeat(5 * 1024 * 1024)}"\n`],
  [
    'huge numbers',
    'system: s\ndatastores:\n  kv:\n    replicas: 99999999999999999999\n    read_quorum: 1e400\n    write_quorum: -7\n    claims: {tolerates: 123456789012345678901234567890}\n',
  ],
  [
    'many replicas',
    `system: s\ndatastores:\n  kv:\n    replicas: 10000\n    read_quorum: majority\n    write_quorum: 1\n    placement: {${Array.from({ length: 64 }, (_, i) => `r${i}: ${i}`).join(', ')}}\n`,
  ],
  ['binary junk', Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('')],
  ['a 200,000-character line', `system: ${'y'.repeat(200_000)}\ndatastores: {kv: {replicas: 3}}\n`],
  ['empty', ''],
  ['only comments', '# nothing here\n# at all\n'],
];

describe('server robustness', () => {
  let client: TestClient;
  const uri = 'file:///fuzz/design.cap.yaml';
  let version = 1;

  before(async () => {
    // No debounce: each change is checked at once, so the run is about the server, not the timer.
    client = await startServer({ settings: { diagnosticsDelay: 0 } });
    client.open(uri, samples[0], version);
    await client.diagnostics(uri, version);
  });
  after(async () => {
    await client.close();
  });

  /**
   * The longest any request may take. This is a hang detector, not a performance target: real requests take
   * milliseconds, the hangs this test exists for took seconds to forever, and 2 s leaves room for a slow,
   * shared CI machine. Timing is measured in `npm run bench`, not here.
   */
  const REQUEST_BUDGET_MS = 2000;
  /** Requests over the budget, with what it takes to ask again. */
  const slow: { name: string; ms: number; text: string; send: () => Promise<unknown> }[] = [];

  async function timed<T>(name: string, send: () => Promise<T>, text: string): Promise<T> {
    const t0 = performance.now();
    // A request that never returns (a hang) fails the test instead of stalling it.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hang = new Promise<never>(
      (_, reject) =>
        (timer = setTimeout(
          () => reject(new Error(`${name} did not answer within ${(10 * REQUEST_BUDGET_MS) / 1000} s`)),
          10 * REQUEST_BUDGET_MS,
        )),
    );
    const result = await Promise.race([send(), hang]).finally(() => clearTimeout(timer));
    const ms = performance.now() - t0;
    if (ms > REQUEST_BUDGET_MS) slow.push({ name, ms, text, send: send as () => Promise<unknown> });
    return result;
  }

  /** Sends `text` as a new version, then every kind of request at a random position. */
  async function exercise(
    text: string,
    rand: () => number,
    offset = Math.floor(rand() * (text.length + 1)),
  ): Promise<Diagnostic[]> {
    version++;
    client.change(uri, version, [{ text }]);
    const { diagnostics } = await client.diagnostics(uri, version, 20_000);
    const position = positionOf(text, offset);
    const doc = { textDocument: { uri }, position };
    const send = (method: string, params: unknown) => () => client.connection.sendRequest(method, params);
    await Promise.all([
      timed('hover', send('textDocument/hover', doc), text),
      timed('completion', send('textDocument/completion', doc), text),
      timed('definition', send('textDocument/definition', doc), text),
      timed('references', send('textDocument/references', { ...doc, context: { includeDeclaration: true } }), text),
      timed('prepareRename', send('textDocument/prepareRename', doc), text),
      timed('documentSymbol', send('textDocument/documentSymbol', { textDocument: { uri } }), text),
      timed('codeLens', send('textDocument/codeLens', { textDocument: { uri } }), text),
      timed(
        'codeAction',
        send('textDocument/codeAction', {
          textDocument: { uri },
          range: { start: position, end: position },
          context: { diagnostics: [] },
        }),
        text,
      ),
    ]);
    return diagnostics as Diagnostic[];
  }

  /**
   * After each kind: the server is up, logged no internal failure, and answered every request in time. A slow
   * request is asked again, alone, on the same text: an input that makes the server slow is slow every time,
   * while a busy shared machine (or this test process parsing a large answer) is not.
   */
  async function assertSurvived(kind: string): Promise<void> {
    assert.equal(client.process.exitCode, null, `${kind}: the server is still running`);
    assert.deepEqual(client.errors(), [], kind);
    const confirmed: string[] = [];
    for (const s of slow.splice(0)) {
      version++;
      client.change(uri, version, [{ text: s.text }]);
      await client.diagnostics(uri, version, 20_000);
      const t0 = performance.now();
      await s.send();
      const again = performance.now() - t0;
      if (again > REQUEST_BUDGET_MS) confirmed.push(`${s.name} took ${s.ms.toFixed(0)} ms, then ${again.toFixed(0)} ms`);
    }
    assert.deepEqual(confirmed, [], `${kind}: no request over ${REQUEST_BUDGET_MS} ms`);
  }

  it('answers every request for 1,500 mutated designs', async () => {
    const rand = seededRandom(20261122);
    for (let i = 0; i < 1500; i++) await exercise(mutate(pick(rand, samples), rand), rand);
    await assertSurvived('mutated designs');
  });

  it('answers on every line ending: CRLF, lone CR, mixed, on mutated samples', async () => {
    const rand = seededRandom(1701);
    for (let i = 0; i < 150; i++) {
      const text = withLineEndings(mutate(pick(rand, samples), rand), rand);
      // Completion and hover at a line start and at a random place (line starts once hung on CRLF).
      await exercise(text, rand, 0);
      await exercise(text, rand);
    }
    await assertSurvived('line endings');
  });

  it('answers for block collections nested up to 3,000 deep on one line', async () => {
    const rand = seededRandom(1702);
    for (let i = 0; i < 40; i++) {
      const depth = Math.floor(Math.exp(rand() * Math.log(3000)));
      const text = nestedBlocks(depth, rand);
      await exercise(text, rand);
      // One keystroke later (a re-analysis once aborted the whole process).
      await exercise(text.replace(/x\n$/, 'xy\n'), rand);
    }
    await assertSurvived('block nesting');
  });

  it('answers for up to 20,000 aliases of one anchor and alias bombs of every shape', async () => {
    const rand = seededRandom(1703);
    for (let i = 0; i < 16; i++) {
      const text = aliases(Math.floor(rand() * 20_000), 1 + Math.floor(rand() * 12), 2 + Math.floor(rand() * 9), rand);
      await exercise(text, rand);
      await exercise(text.replace('system: ', 'system: x'), rand);
    }
    await assertSurvived('aliases');
  });

  it('answers anywhere in and around runs of up to 60,000 of one character', async () => {
    const rand = seededRandom(1704);
    for (let i = 0; i < 40; i++) {
      // The samples, and a design with a scenario (its quantities are parsed too).
      const text = longRun(rand() < 0.3 ? scenarioOfSize(rand) : pick(rand, samples), Math.floor(rand() * 60_000), rand);
      await exercise(text, rand);
    }
    await assertSurvived('long runs');
  });

  it('answers for keys and words named like Object.prototype members', async () => {
    const rand = seededRandom(1705);
    for (let i = 0; i < 100; i++) await exercise(prototypeWords(pick(rand, samples), rand), rand);
    await assertSurvived('prototype keys');
  });

  it('publishes at once for scenarios of every size, and the scenario findings later', async () => {
    const rand = seededRandom(1706);
    for (let i = 0; i < 40; i++) {
      const text = scenarioOfSize(rand);
      // The first publish of each version comes before any run ends: no scenario finding is in it.
      const diagnostics = await exercise(text, rand);
      assert.deepEqual(
        diagnostics.filter((d) => d.code === 'scenario-contradicts-claim').map((d) => d.message),
        [],
      );
    }
    await assertSurvived('scenario sizes');
  });

  it('offers only fixes whose result parses, keeps every comment and repeats no key', async () => {
    const rand = seededRandom(1707);
    const comments = (t: string) => [...new Lexer().lex(t)].filter((x) => x.startsWith('#')).sort();
    let applied = 0;
    for (let i = 0; i < 120; i++) {
      const base = pick(rand, samples);
      const text = rand() < 0.3 ? withLineEndings(base, rand) : rand() < 0.5 ? base : mutate(base, rand);
      const diagnostics = await exercise(text, rand);
      const before = parseDocument(text, { uniqueKeys: false });
      if (before.errors.length) continue;
      const repeats = findRepeatedKeys(before).length;
      for (const d of diagnostics.slice(0, 25)) {
        const actions = await timed(
          'codeAction',
          () =>
            client.connection.sendRequest('textDocument/codeAction', {
              textDocument: { uri },
              range: d.range,
              context: { diagnostics: [d] },
            }) as Promise<CodeAction[]>,
          text,
        );
        for (const action of actions) {
          const change = action.edit?.documentChanges?.[0] as { edits: Parameters<typeof applyEdits>[1] } | undefined;
          if (!change) continue;
          const fixed = applyEdits(text, change.edits);
          const after = parseDocument(fixed, { uniqueKeys: false });
          const where = `'${action.title}' on ${d.code}`;
          assert.deepEqual(
            after.errors.map((e) => e.message),
            [],
            `${where}: the result parses`,
          );
          assert.equal(findRepeatedKeys(after).length, repeats, `${where}: no key written twice`);
          assert.deepEqual(comments(fixed), comments(text), `${where}: every comment kept`);
          if (text.includes('\r\n') && !/\r(?!\n)|(?<!\r)\n/.test(text))
            assert.doesNotMatch(fixed, /(?<!\r)\n/, `${where}: CRLF kept`);
          applied++;
        }
      }
    }
    assert.ok(applied > 200, `${applied} fixes applied`);
    await assertSurvived('fix results');
  });

  for (const [name, text] of HOSTILE) {
    it(`survives ${name} with a clear answer`, async () => {
      await exercise(text, seededRandom(name.length));
      await assertSurvived(name);
    });
  }

  it('explains oversized and over-nested input instead of parsing it', async () => {
    for (const [name, pattern] of [
      [
        '5 MB file',
        /This design is 5\.0 MB; CAP Lens checks designs up to 3 MB while you type \(`cap-lens check` takes up to 4 MB\)/,
      ],
      ['deep flow nesting', /Nesting deeper than 100 levels/],
    ] as const) {
      version++;
      client.change(uri, version, [{ text: HOSTILE.find(([n]) => n === name)![1] }]);
      const { diagnostics } = await client.diagnostics(uri, version, 20_000);
      assert.equal(diagnostics.length, 1, name);
      assert.match(String(diagnostics[0].message), pattern);
    }
  });
});
