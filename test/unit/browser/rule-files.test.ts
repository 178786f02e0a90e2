// The `.caplens.yaml` lookup the browser build does on the rules the extension sends (server/src/lsp/rule-files.ts),
// the same for every file system a browser editor opens: the nearest config above the document applies, alone,
// searching no higher than the workspace folder, as the Node server does on disk.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RuleSeverityOverrides } from '../../../server/src/core/rules/registry';
import { ClientRuleFiles, folderKey, nearestConfigFolder, nearestRules } from '../../../server/src/lsp/rule-files';

const strict: RuleSeverityOverrides = { 'claim-needs-quorum-overlap': 'error' };
const lax: RuleSeverityOverrides = { 'claim-needs-quorum-overlap': 'off' };

describe('rule files sent by the extension', () => {
  it('the nearest config above the document wins, alone, on github.dev, in code-server and on disk', () => {
    for (const root of ['vscode-vfs://github/acme/shop', 'vscode-remote://127.0.0.1:8080/home/me/shop', 'file:///home/me/shop']) {
      const byFolder = new Map<string, RuleSeverityOverrides>([
        [folderKey(root), strict],
        [folderKey(`${root}/legacy`), lax],
      ]);
      assert.deepEqual(nearestRules(`${root}/designs/shop.cap.yaml`, byFolder, [root]), strict, root);
      assert.deepEqual(nearestRules(`${root}/legacy/old/shop.cap.yaml`, byFolder, [root]), lax, root);
      assert.deepEqual(nearestRules(`${root}/legacy/shop.cap.yaml`, byFolder, [root]), lax, root);
      // A folder whose name merely starts like a configured one is not inside it.
      assert.deepEqual(nearestRules(`${root}/legacy-2/shop.cap.yaml`, byFolder, [root]), strict, root);
    }
  });

  it('stops at the innermost workspace folder holding the document: a config above it belongs to another project', () => {
    const byFolder = new Map<string, RuleSeverityOverrides>([
      [folderKey('file:///home/me'), lax],
      [folderKey('file:///home/me/mono'), strict],
    ]);
    assert.deepEqual(nearestRules('file:///home/me/shop/designs/shop.cap.yaml', byFolder, ['file:///home/me/shop']), {});
    assert.deepEqual(nearestRules('file:///home/me/mono/svc/shop.cap.yaml', byFolder, ['file:///home/me/mono']), strict);
    // Nested workspace folders: the inner one bounds the search.
    assert.deepEqual(
      nearestRules('file:///home/me/mono/svc/shop.cap.yaml', byFolder, ['file:///home/me/mono', 'file:///home/me/mono/svc']),
      {},
    );
    assert.equal(
      nearestConfigFolder('file:///home/me/mono/svc/shop.cap.yaml', (k) => byFolder.has(k), ['file:///home/me/mono/']),
      folderKey('file:///home/me/mono'),
    );
  });

  it('outside every workspace folder, only the document’s own folder counts', () => {
    const byFolder = new Map<string, RuleSeverityOverrides>([
      [folderKey('file:///tmp'), lax],
      [folderKey('file:///tmp/x'), strict],
    ]);
    assert.deepEqual(nearestRules('file:///tmp/x/shop.cap.yaml', byFolder, ['file:///home/me/shop']), strict);
    assert.deepEqual(nearestRules('file:///tmp/x/y/shop.cap.yaml', byFolder, ['file:///home/me/shop']), {});
  });

  it('finds nothing above the top of a file system, for unsaved documents, or in another repository', () => {
    const byFolder = new Map<string, RuleSeverityOverrides>([[folderKey('vscode-vfs://github/acme/shop'), strict]]);
    assert.deepEqual(
      nearestRules('vscode-vfs://github/acme/other/shop.cap.yaml', byFolder, ['vscode-vfs://github/acme/other']),
      {},
    );
    assert.deepEqual(nearestRules('untitled:Untitled-1', byFolder, ['vscode-vfs://github/acme/shop']), {});
    assert.deepEqual(nearestRules('vscode-vfs://github', byFolder, ['vscode-vfs://github/acme/shop']), {});
  });

  it('a config at the root of a file system applies to everything in a workspace there', () => {
    const byFolder = new Map<string, RuleSeverityOverrides>([[folderKey('file:///'), strict]]);
    assert.equal(folderKey('file:///'), folderKey('file://'));
    assert.deepEqual(nearestRules('file:///shop.cap.yaml', byFolder, ['file:///']), strict);
    assert.deepEqual(nearestRules('file:///a/b/shop.cap.yaml', byFolder, ['file:///']), strict);
  });

  it('keys folders as VS Code writes their URIs, query and fragment aside', () => {
    const rules = new ClientRuleFiles();
    rules.set({ files: [{ folder: 'vscode-vfs://github/acme/my%20shop/', rules: strict }] });
    assert.deepEqual(
      rules.lookup('vscode-vfs://github/acme/my%20shop/d/shop.cap.yaml?ref=main#L3', ['vscode-vfs://github/acme/my%20shop']),
      strict,
    );
  });

  it('drops unknown rules and severities, and ignores a malformed message', () => {
    const rules = new ClientRuleFiles();
    rules.set({
      files: [
        {
          folder: 'file:///p',
          rules: { 'claim-needs-quorum-overlap': 'off', 'no-such-rule': 'error', 'even-replica-majority': 'loud' },
        },
        { folder: 3 },
        null,
      ],
    });
    assert.deepEqual(rules.lookup('file:///p/a.cap.yaml'), { 'claim-needs-quorum-overlap': 'off' });
    rules.set('nonsense');
    rules.set({ files: 'nonsense' });
    assert.deepEqual(
      rules.lookup('file:///p/a.cap.yaml'),
      { 'claim-needs-quorum-overlap': 'off' },
      'a malformed message changes nothing',
    );
    rules.set({ files: [] });
    assert.deepEqual(rules.lookup('file:///p/a.cap.yaml'), {});
  });
});
