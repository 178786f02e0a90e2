// Markdown design docs through VS Code's own command API: diagnostics at the Markdown file's lines, hovers and
// code lenses inside the design blocks and nothing in the prose, rename across blocks, the preview plugin
// registered, and "CAP Lens: Compare with …" on a git repository through the built-in Git extension.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { after, before, describe, it } from './bdd';
import {
  closeAll,
  codeOf,
  copyFixture,
  describeDiagnostics,
  extension,
  hoverText,
  open,
  positionOf,
  waitForDiagnostics,
  waitForEvent,
  workspaceRoot,
} from './util';

describe('Markdown design docs', () => {
  let uri: vscode.Uri;
  let doc: vscode.TextDocument;

  before(async () => {
    uri = copyFixture('design.md', 'markdown/design.md');
    ({ doc } = await open(uri));
    await waitForDiagnostics(uri, 'the diagnostics of design.md', (d) => d.length > 0);
  });
  after(closeAll);

  it('publishes the design’s problems at the lines of the Markdown file', () => {
    const diags = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'cap-lens');
    assert.deepEqual(
      diags.map((d) => `${codeOf(d)}@${d.range.start.line + 1}`),
      [`claim-needs-quorum-overlap@${positionOf(doc, 'strong').line + 1}`],
      describeDiagnostics(uri),
    );
    assert.equal(doc.getText(diags[0].range), 'strong');
  });

  it('hovers inside a design block, and not in the prose', async () => {
    const card = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionOf(doc, '  carts:', 0, 3)),
    );
    assert.match(card, /### carts/);
    assert.match(card, /PA\/EL/);
    // The same word in the prose: VS Code's own Markdown hovers may answer, ours does not.
    const prose = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        uri,
        positionOf(doc, 'The cart store', 0, 5),
      ),
    );
    assert.doesNotMatch(prose, /PA\/EL|CAP/);
  });

  it('puts the class lens over a datastore of a block, and renames across blocks without touching the prose', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    const titled = lenses
      .filter((l) => l.command && l.command.command === '')
      .map((l) => `${l.range.start.line + 1}: ${l.command!.title}`);
    assert.deepEqual(titled, [`${positionOf(doc, '  carts:').line + 1}: AP · PA/EL · survives 2 failures`]);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider',
      uri,
      positionOf(doc, '  carts:', 0, 3),
      'baskets',
    );
    const lines = edit.get(uri).map((e) => e.range.start.line + 1);
    assert.deepEqual(
      lines,
      [positionOf(doc, '  carts:').line + 1, positionOf(doc, '{carts: eventual}').line + 1],
      'the declaration and the use in the second block',
    );
  });

  it('contributes the Markdown preview plugin', () => {
    const api = extension().exports as { extendMarkdownIt?: unknown };
    assert.equal(typeof api.extendMarkdownIt, 'function');
    assert.equal(
      (extension().packageJSON as { contributes: Record<string, unknown> }).contributes['markdown.markdownItPlugins'],
      true,
    );
  });

  it('compares the designs with a revision through the Git extension, and shows the review', async () => {
    const repo = join(workspaceRoot(), 'compare-repo');
    mkdirSync(join(repo, 'designs'), { recursive: true });
    const design = join(repo, 'designs', 'shop.cap.yaml');
    const v1 =
      'system: shop\ndatastores:\n  ledger:\n    replicas: 3\n    replication: consensus\n    write_quorum: majority\n    claims: {cap: CP}\n';
    writeFileSync(design, v1);
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.invalid',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.invalid',
    };
    for (const args of [
      ['init', '--quiet', '--initial-branch=main'],
      ['add', '--all'],
      ['commit', '--quiet', '-m', 'v1'],
    ])
      execFileSync('git', args, { cwd: repo, env });
    // The change under review, unsaved: what the editor holds counts.
    const { doc: shop } = await open(vscode.Uri.file(design));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      shop.uri,
      new vscode.Range(positionOf(shop, 'majority'), positionOf(shop, 'majority', 0, 'majority'.length)),
      '1',
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    // The suite's settings turn Git off for a quiet workbench: on for this test only.
    const gitSettings = vscode.workspace.getConfiguration('git');
    const wasEnabled = gitSettings.inspect<boolean>('enabled')?.globalValue;
    await gitSettings.update('enabled', true, vscode.ConfigurationTarget.Global);
    let result: { base: string; markdown: string; files: number } | undefined;
    try {
      const gitExtension = vscode.extensions.getExtension<{
        enabled: boolean;
        getAPI(v: 1): { repositories: { rootUri: vscode.Uri }[] };
      }>('vscode.git')!;
      const exports = gitExtension.isActive ? gitExtension.exports : await gitExtension.activate();
      await waitForEvent('the Git extension to be enabled', [], () => exports.enabled);
      let commands: string[] = [];
      await waitForEvent('the Git extension to register its commands', [], () => {
        void vscode.commands.getCommands(true).then((c) => (commands = c));
        return commands.includes('git.openRepository');
      });
      await vscode.commands.executeCommand('git.openRepository', repo);
      const git = exports.getAPI(1);
      await waitForEvent('the Git extension to open the repository', [], () =>
        git.repositories.some((r) => r.rootUri.fsPath === repo),
      );
      result = await vscode.commands.executeCommand<{ base: string; markdown: string; files: number }>('capLens.compareWith', {
        base: 'HEAD',
        uri: shop.uri.toString(),
      });
    } finally {
      await gitSettings.update('enabled', wasEnabled, vscode.ConfigurationTarget.Global);
    }
    assert.ok(result, 'the command returned the review');
    assert.equal(result.files, 1);
    assert.match(result.markdown, /write\\_quorum went from majority to 1/);
    assert.match(result.markdown, /consensus-needs-majority/);
    assert.match(result.markdown, /\]\(command:capLens\.openLocation\?/, 'lines link to the editor');
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'CAP Lens: HEAD');
    assert.ok(tab, 'the compare panel is open');
    assert.ok(tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('capLens.compare'));
  });
});
