// package.json settings and commands are generated from the rule registry; this keeps them from drifting.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { RULE_NAMES } from '../../server/src/core/rules/registry';
import { contributes, withReadmeRuleTable } from '../../scripts/manifest';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));

it('package.json contributes what scripts/manifest.ts generates (run it with --write after adding a rule)', () => {
  assert.deepEqual(pkg.contributes, contributes());
});

it('every rule has a severity setting and nothing else does', () => {
  const settings = Object.keys(pkg.contributes.configuration.properties).filter((k) => k.startsWith('capLens.rules.'));
  assert.deepEqual(settings.sort(), RULE_NAMES.map((r) => `capLens.rules.${r}`).sort());
});

it('activates only for CAP designs, Jepsen histories and Markdown, never for every .log or .edn file', () => {
  assert.deepEqual(pkg.activationEvents, [
    'onLanguage:cap-yaml',
    'onLanguage:jepsen-history',
    'onLanguage:markdown',
    'onLanguage:mdx',
    'onWebviewPanel:capLens.simulator',
  ]);
  assert.deepEqual(pkg.contributes.languages[0].filenamePatterns, ['*.cap.yaml', '*.cap.yml']);
  const history = pkg.contributes.languages[1];
  assert.equal(history.id, 'jepsen-history');
  assert.equal(history.extensions, undefined, 'no extension claims all .log or .edn files');
  for (const pattern of [...history.filenames, ...history.filenamePatterns])
    assert.ok(!/^\*\.(log|edn|txt)$/.test(pattern), pattern);
});

it('README lists every rule, generated from the registry', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  assert.equal(readme, withReadmeRuleTable(readme), 'run `node --import tsx scripts/manifest.ts --write`');
  for (const rule of RULE_NAMES) assert.ok(readme.includes(`docs/rules/${rule}.md`), rule);
});

it('works in Restricted Mode, where no setting can name a program or a path for the extension to use', () => {
  // Nothing runs a program: the server is the extension's own dist/server.js, started with fixed arguments,
  // and `.caplens.yaml` only sets severities (read within the workspace folder). So every setting a workspace
  // can set is a switch, a closed choice or a bounded number, and untrusted workspaces are fully supported.
  assert.deepEqual(pkg.capabilities.untrustedWorkspaces, { supported: true });
  for (const [name, p] of Object.entries(
    pkg.contributes.configuration.properties as Record<
      string,
      { type: string; enum?: string[]; minimum?: number; maximum?: number }
    >,
  )) {
    const closed =
      p.type === 'boolean' ||
      (p.type === 'string' && Array.isArray(p.enum)) ||
      (p.type === 'number' && p.minimum !== undefined && p.maximum !== undefined);
    assert.ok(closed, `${name} is a switch, a closed choice or a bounded number`);
  }
});

it('has a browser build for vscode.dev and github.dev, packaged beside the Node build, and says what a virtual workspace lacks', () => {
  assert.equal(pkg.main, './dist/client.js');
  assert.equal(pkg.browser, './dist/web/client.js');
  const packaged = readFileSync(join(__dirname, '..', '..', '.vscodeignore'), 'utf8').split('\n');
  for (const file of ['dist/client.js', 'dist/server.js', 'dist/web/client.js', 'dist/web/server.js', 'dist/webview.js'])
    assert.ok(packaged.includes(`!${file}`), file);
  // A virtual workspace (github.dev) has no local Git repository for "Compare with …".
  assert.equal(pkg.capabilities.virtualWorkspaces.supported, 'limited');
  assert.match(pkg.capabilities.virtualWorkspaces.description, /Compare with/);
});

it("the Node bundles target the Node version package.json's engines require, and no older one", () => {
  const required = /^>=(\d+)/.exec(pkg.engines.node)?.[1];
  assert.ok(required, `engines.node is '${pkg.engines.node}'`);
  const scripts = ['build.mjs', 'cli-bundles.mjs']
    .map((f) => readFileSync(join(__dirname, '..', '..', 'scripts', f), 'utf8'))
    .join('\n');
  const targets = [...scripts.matchAll(/target: '(node\d+)'/g)].map((m) => m[1]);
  assert.ok(targets.length >= 2, 'no Node target found in scripts/build.mjs and scripts/cli-bundles.mjs');
  assert.deepEqual([...new Set(targets)], [`node${required}`]);
});
