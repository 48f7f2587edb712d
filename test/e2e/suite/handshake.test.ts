// The failing-handshake panel in a real VS Code: the code lens's command opens it and the webview
// receives the trace; from the palette, the command uses the cursor. The command resolves with the
// panel's snapshot once the webview has the trace (or after a bound), which is what is asserted here.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const exampleUri = vscode.Uri.file(path.join(repoRoot, 'examples', 'istio-gateway', 'gateway-service.yaml'));

interface Snapshot {
  params: { textDocument: { uri: string }; position: { line: number; character: number } };
  visible: boolean;
  posted?: string;
  delivered: boolean;
  result?: { name: string; client: string; applied: string[]; hops: number };
}

const handshakeTabs = () =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('hairpin.handshake'));

/** The lenses of a document, asked again until the server has analysed it (each ask is one request). */
async function handshakeLens(uri: vscode.Uri): Promise<vscode.CodeLens> {
  for (;;) {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    const lens = lenses.find((l) => l.command?.command === 'hairpin.showHandshake');
    if (lens) return lens;
    await new Promise<void>((resolve) => {
      const sub = vscode.languages.onDidChangeDiagnostics(() => {
        sub.dispose();
        resolve();
      });
    });
  }
}

suite('Hairpin: Show Failing Handshake', () => {
  suiteSetup(async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(exampleUri));
  });

  test('the command is contributed with its palette title', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes('hairpin.showHandshake'));
    const ext = vscode.extensions.getExtension('hairpin.hairpin')!;
    const cmd = ext.packageJSON.contributes.commands.find((c: { command: string }) => c.command === 'hairpin.showHandshake');
    assert.deepEqual({ title: cmd.title, category: cmd.category }, { title: 'Show Failing Handshake', category: 'Hairpin' });
    assert.ok(ext.packageJSON.activationEvents.includes('onWebviewPanel:hairpin.handshake'));
  });

  test("the code lens's command opens the panel and the webview receives the trace", async () => {
    const lens = await handshakeLens(exampleUri);
    assert.match(lens.command!.title, /fail: show handshake/);
    const snapshot = await vscode.commands.executeCommand<Snapshot>(lens.command!.command, ...(lens.command!.arguments ?? []));
    assert.ok(snapshot, 'the command returned nothing');
    assert.equal(snapshot.posted, 'trace', JSON.stringify(snapshot));
    assert.equal(snapshot.delivered, true, `the webview did not get the trace: ${JSON.stringify(snapshot)}`);
    assert.equal(snapshot.result?.name, 'istio-system/istio-ingressgateway');
    assert.match(snapshot.result!.client, /^pod@n\d$/);
    assert.ok(snapshot.result!.hops > 20, JSON.stringify(snapshot.result));
    assert.equal(handshakeTabs().length, 1);
  });

  test('from the palette it uses the cursor, and reuses the one panel', async () => {
    const lens = await handshakeLens(exampleUri);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(exampleUri), vscode.ViewColumn.One);
    editor.selection = new vscode.Selection(lens.range.start, lens.range.start);
    const snapshot = await vscode.commands.executeCommand<Snapshot>('hairpin.showHandshake');
    assert.equal(snapshot?.delivered, true, JSON.stringify(snapshot));
    assert.equal(snapshot!.params.textDocument.uri, exampleUri.toString());
    assert.deepEqual(snapshot!.params.position, { line: lens.range.start.line, character: lens.range.start.character });
    assert.equal(handshakeTabs().length, 1);
  });
});
