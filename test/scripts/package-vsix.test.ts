// When `npm start` repackages the VSIX, and the reason it gives: scripts/package-vsix.ts on a throw-away tree.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { hashInputs, RECORD, staleReason, VSIX, writeRecord } from '../../scripts/package-vsix';

const roots: string[] = [];
after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A project tree with a few VSIX inputs, a non-input, and a VSIX packaged from them. */
function packagedTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'cap-lens-vsix-test-'));
  roots.push(root);
  const files: Record<string, string> = {
    'package.json': '{"name":"cap-lens"}\n',
    'README.md': '# CAP Lens\n',
    'server/src/core/quorum.ts': 'export const q = 1;\n',
    'server/src/lsp/main.ts': 'export {};\n',
    'client/src/extension.ts': 'export {};\n',
    'docs/cli.md': 'not packaged\n',
    [VSIX]: 'PK fake vsix',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  writeRecord(root, hashInputs(root));
  return root;
}

describe('npm start: repackage the VSIX only when its sources changed', () => {
  it('hashes the packaged inputs only, by project-relative path', () => {
    const root = packagedTree();
    assert.deepEqual(Object.keys(hashInputs(root)), [
      'README.md',
      'client/src/extension.ts',
      'package.json',
      'server/src/core/quorum.ts',
      'server/src/lsp/main.ts',
    ]);
  });

  it('keeps a VSIX packaged from the current sources, whatever else changed', () => {
    const root = packagedTree();
    writeFileSync(join(root, 'docs/cli.md'), 'edited, but not part of the VSIX\n');
    assert.equal(staleReason(root), undefined);
  });

  it('names the changed, new and removed source files', () => {
    const root = packagedTree();
    writeFileSync(join(root, 'server/src/core/quorum.ts'), 'export const q = 2;\n');
    assert.equal(staleReason(root), '1 source file differs from the last package (changed: server/src/core/quorum.ts)');
    writeFileSync(join(root, 'server/src/core/pbs.ts'), 'export {};\n');
    unlinkSync(join(root, 'client/src/extension.ts'));
    assert.equal(
      staleReason(root),
      '3 source files differ from the last package (changed: server/src/core/quorum.ts; new: server/src/core/pbs.ts; removed: client/src/extension.ts)',
    );
  });

  it('shortens a long list of changed files', () => {
    const root = packagedTree();
    for (let i = 0; i < 6; i++) writeFileSync(join(root, `server/src/core/new-${i}.ts`), '');
    assert.equal(
      staleReason(root),
      '6 source files differ from the last package (new: server/src/core/new-0.ts, server/src/core/new-1.ts, server/src/core/new-2.ts, server/src/core/new-3.ts and 2 more)',
    );
  });

  it('rebuilds when there is no VSIX, no record, or a VSIX that is not the recorded one', () => {
    const root = packagedTree();
    writeFileSync(join(root, VSIX), 'PK packaged by something else');
    assert.equal(staleReason(root), `${VSIX} is not the package recorded in ${RECORD} (it was rebuilt or changed since)`);
    writeFileSync(join(root, RECORD), '{"vsix": 1}');
    assert.equal(staleReason(root), `${VSIX} has no record of the sources it was built from (${RECORD})`);
    unlinkSync(join(root, RECORD));
    assert.equal(staleReason(root), `${VSIX} has no record of the sources it was built from (${RECORD})`);
    unlinkSync(join(root, VSIX));
    assert.equal(staleReason(root), `there is no ${VSIX} yet`);
  });
});
