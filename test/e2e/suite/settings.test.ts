// Configuration and lifecycle: rule severities from settings take effect at once; the restart command
// brings the language server back and it keeps checking.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { after, before, describe, it } from './bdd';
import { closeAll, codeOf, copyFixture, extension, hasRule, open, setText, waitForDiagnostics, waitForEvent } from './util';

const RULE = 'claim-needs-quorum-overlap';

function severityOf(diags: vscode.Diagnostic[]): vscode.DiagnosticSeverity | undefined {
  return diags.find((d) => codeOf(d) === RULE)?.severity;
}

describe('settings and lifecycle', () => {
  let uri: vscode.Uri;
  let doc: vscode.TextDocument;
  const config = () => vscode.workspace.getConfiguration('capLens');

  before(async () => {
    uri = copyFixture('shop.cap.yaml', 'settings/shop.cap.yaml');
    ({ doc } = await open(uri));
    await waitForDiagnostics(uri, `${RULE} on settings/shop.cap.yaml`, (d) => hasRule(d, RULE));
  });
  after(async () => {
    await config().update(`rules.${RULE}`, undefined, vscode.ConfigurationTarget.Workspace);
    await closeAll();
  });

  it('contributes a severity setting for the rule', () => {
    const props =
      (extension().packageJSON as { contributes?: { configuration?: { properties?: Record<string, { enum?: string[] }> } } })
        .contributes?.configuration?.properties ?? {};
    const setting = props[`capLens.rules.${RULE}`];
    assert.ok(setting, `capLens.rules.${RULE} is not a contributed setting`);
    assert.deepEqual([...(setting.enum ?? [])].sort(), ['error', 'info', 'off', 'warning']);
  });

  for (const [value, severity] of [
    ['warning', vscode.DiagnosticSeverity.Warning],
    ['info', vscode.DiagnosticSeverity.Information],
    ['error', vscode.DiagnosticSeverity.Error],
  ] as const) {
    it(`capLens.rules.${RULE}: ${value} changes the severity`, async () => {
      await config().update(`rules.${RULE}`, value, vscode.ConfigurationTarget.Workspace);
      await waitForDiagnostics(uri, `${RULE} as ${value}`, (d) => severityOf(d) === severity);
    });
  }

  it(`capLens.rules.${RULE}: off removes the finding, and resetting brings it back`, async () => {
    await config().update(`rules.${RULE}`, 'off', vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(uri, `${RULE} to be gone`, (d) => !hasRule(d, RULE));
    await config().update(`rules.${RULE}`, undefined, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(uri, `${RULE} back as an error`, (d) => severityOf(d) === vscode.DiagnosticSeverity.Error);
  });

  it('restart command restarts the server, which keeps checking edits', async () => {
    await vscode.commands.executeCommand('capLens.restartServer');
    // After the restart the new server must see edits: make R out of range and wait for that finding.
    const editor = await vscode.window.showTextDocument(doc);
    const text = doc.getText();
    const at = text.indexOf('write_quorum: 1');
    assert.ok(at >= 0);
    const range = new vscode.Range(doc.positionAt(at + 'write_quorum: '.length), doc.positionAt(at + 'write_quorum: 1'.length));
    assert.ok(await editor.edit((e) => e.replace(range, '5')));
    await waitForDiagnostics(uri, 'quorum-out-of-range after the restart', (d) => hasRule(d, 'quorum-out-of-range'));
    await setText(doc, text);
    await waitForDiagnostics(
      uri,
      'quorum-out-of-range gone after undo',
      (d) => !hasRule(d, 'quorum-out-of-range') && hasRule(d, RULE),
    );
  });

  it('opens the simulator as a webview panel', async () => {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('capLens.openSimulator');
    await waitForEvent('a simulator webview tab', [vscode.window.tabGroups.onDidChangeTabs], () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && /simulat/i.test(`${t.input.viewType} ${t.label}`)),
    );
  });
});
