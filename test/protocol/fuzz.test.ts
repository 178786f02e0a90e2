// Robustness: thousands of mutated and hostile designs sent to the server over stdio. It must publish
// diagnostics for every version, answer every request, and never log an internal failure or exit.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { positionOf, ROOT, startServer, type TestClient } from '../support/lsp-client';
import { mutate } from '../support/hostile';
import { pick, seededRandom } from '../support/random';

const samples = readdirSync(join(ROOT, 'samples'))
  .filter((f) => f.endsWith('.cap.yaml'))
  .map((f) => readFileSync(join(ROOT, 'samples', f), 'utf8'));

function aliasBomb(levels: number): string {
  const lines = ['system: bomb', 'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= levels; i++) lines.push(`l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
  lines.push('datastores:', '  kv:', '    replicas: 3', `    settings: *l${levels}`, `    latency: *l${levels}`, `scenarios: *l${levels}`);
  return lines.join('\n') + '\n';
}

const HOSTILE: [string, string][] = [
  ['alias bomb', aliasBomb(9)],
  ['deep flow nesting', 'system: s\ndatastores: ' + '['.repeat(20_000) + ']'.repeat(20_000) + '\n'],
  ['deep block nesting', 'system: s\ndatastores:\n' + Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n') + '\n'],
  ['5 MB file', 'system: s\ndatastores:\n  kv:\n    replicas: 3\n    why: "' + 'x'.repeat(5 * 1024 * 1024) + '"\n'],
  ['huge numbers', 'system: s\ndatastores:\n  kv:\n    replicas: 99999999999999999999\n    read_quorum: 1e400\n    write_quorum: -7\n    claims: {tolerates: 123456789012345678901234567890}\n'],
  ['many replicas', 'system: s\ndatastores:\n  kv:\n    replicas: 10000\n    read_quorum: majority\n    write_quorum: 1\n    placement: {' + Array.from({ length: 64 }, (_, i) => `r${i}: ${i}`).join(', ') + '}\n'],
  ['binary junk', Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('')],
  ['a 200,000-character line', 'system: ' + 'y'.repeat(200_000) + '\ndatastores: {kv: {replicas: 3}}\n'],
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

  async function exercise(text: string, rand: () => number): Promise<void> {
    version++;
    client.change(uri, version, [{ text }]);
    await client.diagnostics(uri, version, 20_000);
    const position = positionOf(text, Math.floor(rand() * (text.length + 1)));
    const doc = { textDocument: { uri }, position };
    await Promise.all([
      client.connection.sendRequest('textDocument/hover', doc),
      client.connection.sendRequest('textDocument/completion', doc),
      client.connection.sendRequest('textDocument/definition', doc),
      client.connection.sendRequest('textDocument/references', { ...doc, context: { includeDeclaration: true } }),
      client.connection.sendRequest('textDocument/prepareRename', doc),
      client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }),
      client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }),
      client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } }),
    ]);
  }

  it('answers every request for 1,500 mutated designs', async () => {
    const rand = seededRandom(20261122);
    for (let i = 0; i < 1500; i++) await exercise(mutate(pick(rand, samples), rand), rand);
    assert.equal(client.process.exitCode, null, 'the server is still running');
    assert.deepEqual(client.errors(), []);
  });

  for (const [name, text] of HOSTILE) {
    it(`survives ${name} with a clear answer`, async () => {
      await exercise(text, seededRandom(name.length));
      assert.equal(client.process.exitCode, null);
      assert.deepEqual(client.errors(), []);
    });
  }

  it('explains oversized and over-nested input instead of parsing it', async () => {
    for (const [name, pattern] of [
      ['5 MB file', /This design is 5\.0 MB; CAP Lens checks designs up to 1 MB while you type \(`cap-lens check` takes up to 4 MB\)/],
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
