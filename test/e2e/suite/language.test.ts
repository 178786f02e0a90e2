// Language features through VS Code's own command API (vscode.execute…Provider), as other extensions and
// the editor see them: diagnostics, hover, completion, definition, rename, code actions, code lenses.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { after, before, describe, it } from './bdd';
import {
  closeAll,
  codeOf,
  copyFixture,
  describeDiagnostics,
  hasRule,
  hoverText,
  open,
  ours,
  positionOf,
  setText,
  waitForDiagnostics,
} from './util';

describe('language features', () => {
  let uri: vscode.Uri;
  let doc: vscode.TextDocument;

  before(async () => {
    uri = copyFixture('shop.cap.yaml', 'language/shop.cap.yaml');
    ({ doc } = await open(uri));
    await waitForDiagnostics(uri, 'the first diagnostics of shop.cap.yaml', (d) => d.length > 0);
  });
  after(closeAll);

  it('publishes diagnostics with source cap-lens and the rule name as code', () => {
    const diags = ours(uri);
    const overlap = diags.find((d) => codeOf(d) === 'claim-needs-quorum-overlap');
    assert.ok(overlap, describeDiagnostics(uri));
    assert.equal(overlap.severity, vscode.DiagnosticSeverity.Error);
    // On the claim it contradicts: `consistency: strong` of carts.
    const claim = positionOf(doc, 'strong # the claim');
    assert.equal(overlap.range.start.line, claim.line, `on the line of the claim; ${describeDiagnostics(uri)}`);
    assert.match(overlap.message, /R\+W|quorum/i);
    // Only what the design gets wrong: ledger and the component are fine.
    assert.deepEqual(diags.map(codeOf), ['claim-needs-quorum-overlap'], describeDiagnostics(uri));
  });

  it('reports nothing for a clean design', async () => {
    const clean = copyFixture('clean.cap.yml', 'language/clean.cap.yml');
    await open(clean);
    // Wait for the server to have checked it: a publish (possibly empty) for this file, or none at all
    // after the shop file's diagnostics exist: ask the server a question about it to be sure it is known.
    await vscode.commands.executeCommand('vscode.executeHoverProvider', clean, new vscode.Position(3, 3));
    assert.deepEqual(
      ours(clean).map((d) => `${codeOf(d)}: ${d.message}`),
      [],
    );
  });

  it('hover on a datastore shows its CAP/PACELC card, as untrusted Markdown without HTML', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      uri,
      positionOf(doc, '\n  ledger:', 0, 4),
    );
    // Design text reaches hovers: VS Code must neither run its `command:` links nor render its HTML.
    for (const content of hovers.flatMap((h) => h.contents)) {
      if (content instanceof vscode.MarkdownString) assert.ok(!content.isTrusted && !content.supportHtml, 'untrusted, no HTML');
    }
    const text = hoverText(hovers);
    assert.match(text, /PC\/EC/, `hover on ledger: ${text}`);
    assert.match(text, /\bCP\b/, `hover on ledger: ${text}`);
    const carts = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        uri,
        positionOf(doc, '\n  carts:', 0, 4),
      ),
    );
    assert.match(carts, /PA\/EL/, `hover on carts: ${carts}`);
  });

  it('completes enum values (replication) from the schema', async () => {
    const pos = positionOf(doc, 'replication: leaderless', 0, 'replication: '.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, pos);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const v of ['leaderless', 'leader', 'consensus'])
      assert.ok(labels.includes(v), `completion offers ${v}: ${JSON.stringify(labels)}`);
  });

  it('completes the keys a datastore does not have yet', async () => {
    // At the start of a key line inside carts: offers its missing keys, not those already written.
    const pos = positionOf(doc, 'replication: leaderless', 0, 0);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, pos);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const k of ['read_from', 'placement']) assert.ok(labels.includes(k), `offers ${k}: ${JSON.stringify(labels)}`);
    for (const k of ['replicas', 'claims', 'write_quorum'])
      assert.ok(!labels.includes(k), `does not offer ${k}, already there: ${JSON.stringify(labels)}`);
  });

  it('goes from a component use to the datastore definition', async () => {
    const use = positionOf(doc, 'ledger: linearizable', 0, 2);
    const locs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      uri,
      use,
    );
    assert.ok(locs.length > 0, 'a definition');
    const first = locs[0];
    const range = 'targetRange' in first ? (first.targetSelectionRange ?? first.targetRange) : first.range;
    const target = 'targetUri' in first ? first.targetUri : first.uri;
    assert.equal(target.toString(), uri.toString());
    assert.equal(
      range.start.line,
      positionOf(doc, '  ledger:').line,
      `definition at the ledger key, got line ${range.start.line + 1}`,
    );
  });

  it('renames a datastore everywhere it is used', async () => {
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider',
      uri,
      positionOf(doc, '  ledger:', 0, 3),
      'journal',
    );
    const edits = edit.get(uri);
    assert.equal(edits.length, 2, `two edits (the key and the use): ${JSON.stringify(edits)}`);
    const before = doc.getText();
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = doc.getText();
    assert.ok(!/\bledger\b/.test(after.replace(/#.*$/gm, '')), 'no ledger left outside comments');
    assert.equal(after.match(/\bjournal:/g)?.length, 2);
    assert.equal(after.replace(/journal/g, 'ledger'), before, 'nothing else changed');
    // Undo the rename.
    const back = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider',
      uri,
      positionOf(doc, '  journal:', 0, 3),
      'ledger',
    );
    assert.ok(await vscode.workspace.applyEdit(back));
    assert.equal(doc.getText(), before);
  });

  it('offers quick fixes for a finding and applying one keeps comments', async () => {
    const diag = (
      await waitForDiagnostics(uri, 'claim-needs-quorum-overlap', (d) => hasRule(d, 'claim-needs-quorum-overlap'))
    ).find((d) => codeOf(d) === 'claim-needs-quorum-overlap')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diag.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    const raise = actions.find((a) => /Raise read_quorum to 3/.test(a.title));
    assert.ok(raise, `quick fixes: ${JSON.stringify(titles)}`);
    assert.ok(raise.isPreferred, 'raising R is the preferred fix');
    assert.ok(
      titles.some((t) => /write_quorum/.test(t)),
      `also offers raising W: ${JSON.stringify(titles)}`,
    );
    assert.ok(
      titles.some((t) => /Weaken the claim/i.test(t)),
      `also offers weakening the claim: ${JSON.stringify(titles)}`,
    );
    const before = doc.getText();
    if (raise.edit) assert.ok(await vscode.workspace.applyEdit(raise.edit));
    if (raise.command) await vscode.commands.executeCommand(raise.command.command, ...(raise.command.arguments ?? []));
    const fixed = doc.getText();
    assert.equal(fixed, before.replace('read_quorum: 1 # reads from one replica', 'read_quorum: 3 # reads from one replica'));
    await waitForDiagnostics(uri, 'the overlap finding to go away', (d) => !hasRule(d, 'claim-needs-quorum-overlap'));
    await setText(doc, before);
  });

  it('shows code lenses with the derived classes and a Simulate lens', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
    const titles = lenses.map((l) => l.command?.title ?? '');
    const ledgerLine = positionOf(doc, '  ledger:').line;
    const onLedger = lenses.filter((l) => l.range.start.line === ledgerLine).map((l) => l.command?.title ?? '');
    assert.ok(
      onLedger.some((t) => /CP · PC\/EC · survives 1 failure/.test(t)),
      `lenses over ledger: ${JSON.stringify(onLedger)} (all: ${JSON.stringify(titles)})`,
    );
    const simulate = lenses.find((l) => l.range.start.line === ledgerLine && /Simulate/.test(l.command?.title ?? ''));
    assert.ok(simulate, `a Simulate lens over ledger: ${JSON.stringify(onLedger)}`);
    assert.equal(simulate.command?.command, 'capLens.openSimulator');
  });
});
