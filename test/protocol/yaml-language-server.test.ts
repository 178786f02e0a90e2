// Red Hat's YAML extension validates *.cap.yaml files with our JSON Schema too (yaml-language-server, the
// same server, over stdio here). Where it and CAP Lens disagree, a user sees an error CAP Lens does not
// explain: every schema error must sit on a line where CAP Lens reports a problem, and a design CAP Lens
// accepts must have none (once, `survives_region_loss: any` matched two branches of a `oneOf`).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { analyzeFull } from '../../server/src/core/analysis/analyze';
import { generateEngineDesign } from '../support/generate';
import { ROOT, startServer, type TestClient } from '../support/lsp-client';

describe('the JSON Schema in yaml-language-server', () => {
  let client: TestClient;
  before(async () => {
    const yaml = {
      validate: true,
      schemas: { [pathToFileURL(join(ROOT, 'schemas', 'cap-design.schema.json')).href]: '*.cap.yaml' },
    };
    client = await startServer({
      command: [process.execPath, join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'],
      settings: yaml,
    });
    void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { yaml } });
  });
  after(async () => {
    await client.close();
  });

  const schemaErrors = async (name: string, text: string) => {
    const uri = `file:///designs/${name}`;
    client.open(uri, text, 1, 'yaml');
    return (await client.diagnostics(uri, undefined, 30_000)).diagnostics;
  };
  const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length - 1;

  const samples = (readdirSync(join(ROOT, 'samples'), { recursive: true }) as string[]).filter(
    (f) => f.endsWith('.cap.yaml') && !f.includes('broken-syntax'),
  );
  for (const file of samples) {
    it(`reports nothing in ${file} that CAP Lens does not`, async () => {
      const text = readFileSync(join(ROOT, 'samples', file), 'utf8');
      const ours = new Set(analyzeFull(text).findings.map((f) => lineOf(text, f.span.start)));
      const theirs = await schemaErrors(file.replace(/\//g, '-'), text);
      assert.deepEqual(
        theirs.filter((d) => !ours.has(d.range.start.line)).map((d) => `${d.range.start.line + 1}: ${d.message}`),
        [],
      );
    });
  }

  it('accepts a design with every engine, placements and every claim', async () => {
    const text = generateEngineDesign(60, 'mixed');
    const theirs = await schemaErrors('mixed.cap.yaml', text);
    assert.deepEqual(
      theirs.map((d) => `${d.range.start.line + 1}: ${d.message}`),
      [],
    );
  });

  it('reports the misspelt key CAP Lens reports', async () => {
    const text = 'system: s\ndatastores:\n  kv:\n    replcas: 3\n';
    const theirs = await schemaErrors('misspelt.cap.yaml', text);
    assert.deepEqual(
      theirs.map((d) => [d.range.start.line, d.message]),
      [[3, 'Property replcas is not allowed.']],
    );
    assert.ok(analyzeFull(text).findings.some((f) => lineOf(text, f.span.start) === 3));
  });
});
