// Activation: CAP Lens starts only for design files (*.cap.yaml / *.cap.yml), and contributes its commands.
// Must run first: the workspace starts with no design file in it (the runner copies only notes.yaml).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describe, it } from './bdd';
import { copyFixture, extension, hasRule, open, waitForDiagnostics, waitForEvent } from './util';

describe('activation', () => {
  it('declares activation only for cap-yaml documents and Jepsen histories (and its own commands)', () => {
    const pkg = extension().packageJSON as {
      activationEvents?: string[];
      contributes?: { languages?: { id: string; extensions?: string[]; filenames?: string[]; filenamePatterns?: string[] }[] };
    };
    const events = pkg.activationEvents ?? [];
    const allowed =
      /^(onLanguage:cap-yaml|onLanguage:jepsen-history|onLanguage:markdown|onLanguage:mdx|workspaceContains:.*\.cap\.ya?ml.*|onCommand:capLens\..+|onWebviewPanel:capLens\..+|onView:capLens\..+)$/;
    const stray = events.filter((e) => !allowed.test(e));
    assert.deepEqual(stray, [], `activation events beyond design files: ${JSON.stringify(events)}`);
    const lang = pkg.contributes?.languages?.find((l) => l.id === 'cap-yaml');
    assert.ok(lang, 'contributes the cap-yaml language');
    const patterns = [...(lang.extensions ?? []), ...(lang.filenamePatterns ?? [])].join(' ');
    assert.match(patterns, /\.cap\.yaml/);
    assert.match(patterns, /\.cap\.yml/);
    // Histories by name only: no .log, .edn or .txt file becomes one by its extension.
    const history = pkg.contributes?.languages?.find((l) => l.id === 'jepsen-history');
    assert.ok(history, 'contributes the jepsen-history language');
    assert.equal(history.extensions, undefined);
    for (const p of [...(history.filenames ?? []), ...(history.filenamePatterns ?? [])])
      assert.doesNotMatch(p, /^\*\.(log|edn|txt)$/);
  });

  it('stays inactive while only a plain YAML file is open', async () => {
    const ext = extension();
    assert.equal(ext.isActive, false, 'CAP Lens was already active before any design was opened');
    const { doc } = await open(copyFixture('notes.yaml'));
    assert.equal(doc.languageId, 'yaml');
    // A full round trip through the editor: any activation the open triggered has been requested by now.
    await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', doc.uri);
    await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(1, 2));
    assert.equal(ext.isActive, false, 'CAP Lens activated for a plain .yaml file');
  });

  it('activates for Markdown, but starts no language server until a design block is typed in', async () => {
    const ext = extension();
    const { doc } = await open(copyFixture('notes.md', 'activation/notes.md'));
    assert.equal(doc.languageId, 'markdown');
    await waitForEvent('CAP Lens to activate for Markdown', [vscode.extensions.onDidChange], () => ext.isActive);
    const api = ext.exports as { client(): unknown };
    assert.equal(api.client(), undefined, 'no language server for Markdown without a design block');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(
      doc.uri,
      new vscode.Position(doc.lineCount, 0),
      '\n```cap-yaml\nsystem: s\ndatastores:\n  a: {replicas: 3, replication: consensus, claims: {cap: CA}}\n```\n',
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diags = await waitForDiagnostics(doc.uri, 'the problems of the typed-in design block', (d) =>
      hasRule(d, 'ca-across-nodes'),
    );
    assert.equal(diags[0].range.start.line, doc.lineCount - 3, 'on the line of the claim, in the Markdown file');
    assert.notEqual(api.client(), undefined, 'the language server started');
  });

  it('activates when a *.cap.yaml design is opened, with language cap-yaml', async () => {
    const ext = extension();
    const { doc } = await open(copyFixture('shop.cap.yaml', 'activation/shop.cap.yaml'));
    assert.equal(doc.languageId, 'cap-yaml');
    await waitForEvent(
      'CAP Lens to activate',
      [vscode.extensions.onDidChange, vscode.languages.onDidChangeDiagnostics],
      () => ext.isActive,
    );
  });

  it('treats *.cap.yml as a design too', async () => {
    const { doc } = await open(copyFixture('clean.cap.yml', 'activation/clean.cap.yml'));
    assert.equal(doc.languageId, 'cap-yaml');
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['capLens.newDesign', 'capLens.restartServer', 'capLens.openSimulator']) {
      assert.ok(commands.includes(c), `command ${c} is not registered`);
    }
  });
});
