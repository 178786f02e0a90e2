// The compare command's own files are the repository's: a sibling folder whose name starts alike is not.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isInsideFolder } from '../../client/src/compare/paths';

test('a path is inside a folder only below a separator', () => {
  assert.equal(isInsideFolder('/work/repo/docs/a.cap.yaml', '/work/repo'), true);
  assert.equal(isInsideFolder('/work/repo', '/work/repo'), true);
  assert.equal(isInsideFolder('/work/repo2/a.cap.yaml', '/work/repo'), false);
  assert.equal(isInsideFolder('C:\\work\\repo\\a.cap.yaml', 'C:\\work\\repo'), true);
  assert.equal(isInsideFolder('C:\\work\\repo2\\a.cap.yaml', 'C:\\work\\repo'), false);
  assert.equal(isInsideFolder('/a.cap.yaml', '/'), true);
});
