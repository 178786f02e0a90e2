// Helpers for the extension-host suite: fixture documents and event-driven waits (no fixed sleeps).
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'cap-lens.cap-lens';
export const SOURCE = 'cap-lens';
export const TIMEOUT = 30_000;

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this window`);
  return ext;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs a workspace folder');
  return folder.uri.fsPath;
}

/** The fixture folder (test/e2e/fixtures), passed by the runner; files are copied into the workspace on use. */
export function fixturesDir(): string {
  const dir = process.env.CAP_LENS_E2E_FIXTURES;
  assert.ok(dir && existsSync(dir), `CAP_LENS_E2E_FIXTURES is not set to the fixture folder (got ${dir})`);
  return dir;
}

/** Copy a fixture into the workspace under `as` (default: its own name) and return its URI. */
export function copyFixture(name: string, as = name): vscode.Uri {
  const target = join(workspaceRoot(), as);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(fixturesDir(), name), target);
  return vscode.Uri.file(target);
}

export async function open(uri: vscode.Uri): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor };
}

/**
 * Wait until `probe()` is truthy, re-checking whenever one of `events` fires, once at the start, and every
 * 250 ms for state that changes without an event (e.g. Extension.isActive).
 */
export function waitForEvent<T>(
  what: string,
  events: vscode.Event<unknown>[],
  probe: () => T | undefined | false | null,
  timeout = TIMEOUT,
  describeState?: () => string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const subs: vscode.Disposable[] = [];
    const done = () => {
      clearTimeout(timer);
      clearInterval(poll);
      subs.forEach((s) => s.dispose());
    };
    const check = () => {
      let v: T | undefined | false | null;
      try {
        v = probe();
      } catch (e) {
        done();
        reject(e);
        return;
      }
      if (v) {
        done();
        resolve(v);
      }
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out after ${timeout} ms waiting for ${what}${describeState ? `\n${describeState()}` : ''}`));
    }, timeout);
    const poll = setInterval(check, 250);
    for (const e of events) subs.push(e(() => check()));
    check();
  });
}

export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function describeDiagnostics(uri: vscode.Uri): string {
  const all = vscode.languages.getDiagnostics(uri);
  if (!all.length) return 'diagnostics: (none)';
  return `diagnostics:\n${all.map((d) => `  ${d.source}(${codeOf(d)}) ${vscode.DiagnosticSeverity[d.severity]} L${d.range.start.line + 1}: ${d.message}`).join('\n')}`;
}

/** Wait for the diagnostics of `uri` (ours only) to satisfy `predicate`; event driven. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  predicate: (diags: vscode.Diagnostic[]) => boolean,
  timeout = TIMEOUT,
): Promise<vscode.Diagnostic[]> {
  return waitForEvent(
    what,
    [
      (l) =>
        vscode.languages.onDidChangeDiagnostics((e) => {
          if (e.uris.some((u) => u.toString() === uri.toString())) l(e);
        }),
    ],
    () => {
      const d = ours(uri);
      return predicate(d) ? d : undefined;
    },
    timeout,
    () => describeDiagnostics(uri),
  );
}

export function hasRule(diags: vscode.Diagnostic[], rule: string): boolean {
  return diags.some((d) => codeOf(d) === rule);
}

/** Position of the n-th occurrence of `text` in `doc` (offset `delta` characters into it). */
export function positionOf(doc: vscode.TextDocument, text: string, occurrence = 0, delta = 0): vscode.Position {
  const all = doc.getText();
  let idx = -1;
  for (let i = 0; i <= occurrence; i++) {
    idx = all.indexOf(text, idx + 1);
    assert.ok(idx >= 0, `"${text}" (occurrence ${occurrence}) not found in ${doc.uri.fsPath}`);
  }
  return doc.positionAt(idx + delta);
}

/** Plain text of hover contents (markdown strings and marked strings alike). */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : String(c)))
    .join('\n');
}

/** Replace the whole text of `doc` (to undo a test's edits without relying on editor focus). */
export async function setText(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'edit applied');
  assert.equal(doc.getText(), text);
}

/** Close every editor without saving, and revert what the test changed. */
export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.files.revert').then(undefined, () => undefined);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
