// The folders of the analysis core are layers, lowest first; a file may import its own folder and the layers
// below it, never one above. The core imports nothing from VS Code, the LSP libraries or Node built-ins, and the
// webview bundle nothing from Node or VS Code: each layer stays usable where it is meant to run.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/lsp-client';

/** Lowest first. Files directly under core/ are not allowed: every file belongs to a layer. */
const CORE_LAYERS = [
  ['semantics', 'text'],
  ['model'],
  ['engines'],
  ['derive'],
  ['simulation'],
  ['rules'],
  ['analysis'],
  ['markdown'],
  ['ide'],
  ['review'],
] as const;

const CORE = join(ROOT, 'server/src/core');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** Module specifiers of static imports, re-exports and dynamic imports. */
function importsOf(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(
    /(?:^|\n)\s*(?:import|export)\s[^'";]*?\sfrom\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ))
    out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

function layerOf(file: string): number {
  const folder = relative(CORE, file).split('/')[0];
  const i = CORE_LAYERS.findIndex((l) => (l as readonly string[]).includes(folder));
  return i;
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const isPlatform = (spec: string) =>
  NODE_BUILTINS.has(spec) ||
  spec.startsWith('node:') ||
  spec === 'vscode' ||
  spec.startsWith('vscode-languageserver') ||
  spec.startsWith('vscode-languageclient') ||
  spec.startsWith('vscode-jsonrpc');

/** Every upward or platform import in the core, as "file → specifier (why)". */
function coreViolations(): string[] {
  const out: string[] = [];
  for (const file of filesUnder(CORE)) {
    const own = layerOf(file);
    const rel = relative(ROOT, file);
    if (own < 0) out.push(`${rel} is in no layer (put it under one of ${CORE_LAYERS.flat().join(', ')})`);
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      if (isPlatform(spec)) {
        out.push(`${rel} → ${spec} (the core imports no platform module)`);
        continue;
      }
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec);
      // The JSON Schema is data the model validates against: the one file outside the core it may read.
      if (target === join(ROOT, 'schemas/cap-design.schema.json')) continue;
      if (!target.startsWith(CORE)) {
        out.push(`${rel} → ${spec} (outside the core)`);
        continue;
      }
      const layer = layerOf(`${target}.ts`);
      if (layer > own)
        out.push(`${rel} → ${spec} (layer ${CORE_LAYERS[layer].join('/')} is above ${CORE_LAYERS[own]?.join('/')})`);
    }
  }
  return out;
}

describe('layers', () => {
  it('the core imports only its own layers downward, and no platform module', () => {
    assert.deepEqual(coreViolations(), []);
  });

  it('the webview, the Markdown preview plugin and the review bundle import no Node built-in and no VS Code API', () => {
    // The preview plugin and the review bundle run in the extension host, which may be a browser worker.
    const pure = ['client/src/webview', 'client/src/markdown', 'client/src/review'].map((d) => join(ROOT, d));
    const bad = pure.flatMap(filesUnder).flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter(isPlatform)
        .map((spec) => `${relative(ROOT, file)} → ${spec}`),
    );
    assert.deepEqual(bad, []);
  });

  it('catches an upward import (the check itself can fail)', () => {
    assert.deepEqual(
      importsOf(
        "import { a } from '../rules/run';\nexport { b } from './x';\nimport './side-effect';\nconst c = import('../ide/hover');",
      ),
      ['../rules/run', './x', './side-effect', '../ide/hover'],
    );
  });
});
