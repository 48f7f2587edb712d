// The preferred quick fix through the real API: VS Code asks the server for the code actions on HP101,
// the preferred one's workspace edit is applied, and HP101 goes away. The document is reverted after.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const exampleUri = vscode.Uri.file(path.join(repoRoot, 'examples', 'istio-gateway', 'gateway-service.yaml'));
const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);

function diagnosticsWhen(accept: (ds: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const check = () => {
      const ds = vscode.languages.getDiagnostics(exampleUri).filter((d) => d.source === 'hairpin');
      if (accept(ds)) (sub.dispose(), resolve(ds));
    };
    const sub = vscode.languages.onDidChangeDiagnostics(check);
    check();
  });
}

suite('Hairpin: quick fix', () => {
  test('the preferred code action on HP101, applied with workspace.applyEdit, clears HP101', async () => {
    const document = await vscode.workspace.openTextDocument(exampleUri);
    await vscode.window.showTextDocument(document);
    const [hp101] = (await diagnosticsWhen((ds) => ds.some((d) => codeOf(d) === 'HP101'))).filter((d) => codeOf(d) === 'HP101');
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', exampleUri, hp101!.range);
    const preferred = actions.filter((a): a is vscode.CodeAction => 'isPreferred' in a && a.isPreferred === true);
    assert.equal(preferred.length, 1, `preferred actions: ${JSON.stringify(actions.map((a) => a.title))}`);
    const [fix] = preferred;
    assert.match(fix!.title, /^Disable client IP preservation/);
    assert.ok(fix!.edit, 'the preferred action carries its edit');

    const cleared = diagnosticsWhen((ds) => !ds.some((d) => codeOf(d) === 'HP101'));
    assert.equal(await vscode.workspace.applyEdit(fix!.edit!), true);
    assert.match(document.getText(), /preserve_client_ip\.enabled=false/);
    await cleared;

    const back = diagnosticsWhen((ds) => ds.some((d) => codeOf(d) === 'HP101'));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await back;
    assert.equal(document.isDirty, false);
  });
});
