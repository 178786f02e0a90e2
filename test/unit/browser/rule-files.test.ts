// The `.caplens.yaml` lookup the browser build does on the rules the extension sends (server/src/lsp/rule-files.ts),
// the same for every file system a browser editor opens: the nearest config above the document applies, alone.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RuleSeverityOverrides } from '../../../server/src/core/rules/registry';
import { ClientRuleFiles, folderKey, nearestRules } from '../../../server/src/lsp/rule-files';

const strict: RuleSeverityOverrides = { 'claim-needs-quorum-overlap': 'error' };
const lax: RuleSeverityOverrides = { 'claim-needs-quorum-overlap': 'off' };

describe('rule files sent by the extension', () => {
  it('the nearest config above the document wins, alone, on github.dev, in code-server and on disk', () => {
    for (const root of ['vscode-vfs://github/acme/shop', 'vscode-remote://127.0.0.1:8080/home/me/shop', 'file:///home/me/shop']) {
      const byFolder = new Map<string, RuleSeverityOverrides>([
        [folderKey(root), strict],
        [folderKey(`${root}/legacy`), lax],
      ]);
      assert.deepEqual(nearestRules(`${root}/designs/shop.cap.yaml`, byFolder), strict, root);
      assert.deepEqual(nearestRules(`${root}/legacy/old/shop.cap.yaml`, byFolder), lax, root);
      assert.deepEqual(nearestRules(`${root}/legacy/shop.cap.yaml`, byFolder), lax, root);
      // A folder whose name merely starts like a configured one is not inside it.
      assert.deepEqual(nearestRules(`${root}/legacy-2/shop.cap.yaml`, byFolder), strict, root);
    }
  });

  it('finds nothing above the top of a file system, for unsaved documents, or in another repository', () => {
    const byFolder = new Map<string, RuleSeverityOverrides>([[folderKey('vscode-vfs://github/acme/shop'), strict]]);
    assert.deepEqual(nearestRules('vscode-vfs://github/acme/other/shop.cap.yaml', byFolder), {});
    assert.deepEqual(nearestRules('untitled:Untitled-1', byFolder), {});
    assert.deepEqual(nearestRules('vscode-vfs://github', byFolder), {});
  });

  it('a config at the root of a file system applies to everything in it', () => {
    const byFolder = new Map<string, RuleSeverityOverrides>([[folderKey('file:///'), strict]]);
    assert.equal(folderKey('file:///'), folderKey('file://'));
    assert.deepEqual(nearestRules('file:///shop.cap.yaml', byFolder), strict);
    assert.deepEqual(nearestRules('file:///a/b/shop.cap.yaml', byFolder), strict);
  });

  it('keys folders as VS Code writes their URIs, query and fragment aside', () => {
    const rules = new ClientRuleFiles();
    rules.set({ files: [{ folder: 'vscode-vfs://github/acme/my%20shop/', rules: strict }] });
    assert.deepEqual(rules.lookup('vscode-vfs://github/acme/my%20shop/d/shop.cap.yaml?ref=main#L3'), strict);
  });

  it('drops unknown rules and severities, and ignores a malformed message', () => {
    const rules = new ClientRuleFiles();
    rules.set({ files: [{ folder: 'file:///p', rules: { 'claim-needs-quorum-overlap': 'off', 'no-such-rule': 'error', 'even-replica-majority': 'loud' } }, { folder: 3 }, null] });
    assert.deepEqual(rules.lookup('file:///p/a.cap.yaml'), { 'claim-needs-quorum-overlap': 'off' });
    rules.set('nonsense');
    rules.set({ files: 'nonsense' });
    assert.deepEqual(rules.lookup('file:///p/a.cap.yaml'), { 'claim-needs-quorum-overlap': 'off' }, 'a malformed message changes nothing');
    rules.set({ files: [] });
    assert.deepEqual(rules.lookup('file:///p/a.cap.yaml'), {});
  });
});
