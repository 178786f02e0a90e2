// `cap-lens lsp --stdio` driven by a real protocol client, and the promise the CLI makes: for every sample,
// the editor's diagnostics and `cap-lens check` agree on rule, severity, message, range and related places.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic, DocumentSymbol, Hover } from 'vscode-languageserver-protocol';
import { startServer, type TestClient } from '../support/lsp-client';
import { cli, cliPath, ERROR_DESIGN, SAMPLES, tempTree } from './helpers';

interface JsonRange {
  start: { line: number; column: number };
  end: { line: number; column: number };
}
interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  range: JsonRange;
  docs: string;
  related: { message: string; range: JsonRange }[];
}

const SEVERITY: Record<string, number> = { error: 1, warning: 2, info: 3 };
const lspRange = (r: JsonRange) => ({
  start: { line: r.start.line - 1, character: r.start.column - 1 },
  end: { line: r.end.line - 1, character: r.end.column - 1 },
});

/** A CLI finding as the editor would show it. */
function asDiagnostic(f: JsonFinding, uri: string): Diagnostic {
  return {
    range: lspRange(f.range),
    severity: SEVERITY[f.severity] as Diagnostic['severity'],
    code: f.rule,
    codeDescription: { href: f.docs },
    source: 'cap-lens',
    message: f.message,
    relatedInformation: f.related.map((r) => ({ location: { uri, range: lspRange(r.range) }, message: r.message })),
  };
}

describe('cap-lens lsp --stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer({ command: [process.execPath, cliPath(), 'lsp', '--stdio'] });
  });
  after(async () => {
    await client?.close();
  });

  const samples = readdirSync(SAMPLES)
    .filter((f) => /\.cap\.ya?ml$/.test(f))
    .sort();

  it('finds the samples to compare', () => {
    assert.ok(samples.length >= 2, `samples: ${samples.join(', ')}`);
  });

  for (const name of samples) {
    it(`reports exactly what cap-lens check reports for samples/${name}`, async () => {
      const path = join(SAMPLES, name);
      const uri = pathToFileURL(path).href;
      client.open(uri, readFileSync(path, 'utf8'));
      const diagnostics = withoutData((await client.diagnostics(uri, 1)).diagnostics);
      const report = JSON.parse(cli(['check', '--format', 'json', name], { cwd: SAMPLES }).stdout);
      const expected = (report.files[0].findings as JsonFinding[]).map((f) => asDiagnostic(f, uri));
      assert.deepEqual(diagnostics, expected);
    });
  }

  it('applies .caplens.yaml as check does', async () => {
    const dir = tempTree({ '.caplens.yaml': 'rules:\n  claim-needs-quorum-overlap: info\n', 'carts.cap.yaml': ERROR_DESIGN });
    const uri = pathToFileURL(join(dir, 'carts.cap.yaml')).href;
    client.open(uri, ERROR_DESIGN);
    const { diagnostics } = await client.diagnostics(uri, 1);
    const report = JSON.parse(cli(['check', '--format', 'json', '.'], { cwd: dir }).stdout);
    assert.deepEqual(
      withoutData(diagnostics),
      (report.files[0].findings as JsonFinding[]).map((f) => asDiagnostic(f, uri)),
    );
    assert.equal(diagnostics[0].severity, 3);
  });

  it('is the full language server: hover and document symbols answer', async () => {
    const path = join(SAMPLES, samples.includes('checkout.cap.yaml') ? 'checkout.cap.yaml' : samples[0]);
    const text = readFileSync(path, 'utf8');
    const uri = `${pathToFileURL(path).href}?hover`;
    client.open(uri, text);
    await client.diagnostics(uri, 1);
    const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', {
      textDocument: { uri },
    })) as DocumentSymbol[];
    assert.ok(symbols.length > 0, 'outline has symbols');
    const line = text.split('\n').findIndex((l) => /^ {2}[a-z][\w-]*:\s*$/.test(l));
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line, character: 3 },
    })) as Hover | null;
    assert.ok(
      hover && typeof hover.contents === 'object' && 'value' in hover.contents && hover.contents.value.length > 0,
      'hover has content',
    );
  });

  it('exits cleanly on shutdown and exit', async () => {
    const own = await startServer({ command: [process.execPath, cliPath(), 'lsp', '--stdio'] });
    const exited = new Promise<number | null>((resolve) => own.process.once('exit', (code) => resolve(code)));
    await own.close();
    assert.equal(await exited, 0);
  });
});

/** The server keys each diagnostic to its finding in `data` (for quick fixes); the CLI has no such key. */
function withoutData<T extends { data?: unknown }>(diagnostics: T[]): Omit<T, 'data'>[] {
  return diagnostics.map(({ data: _data, ...rest }) => rest);
}
