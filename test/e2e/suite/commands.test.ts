// The palette commands in a real VS Code: contributed with their titles, Explain This Setting shows the
// explanation of the value at the cursor as a read-only markdown document, Re-analyse Workspace indexes
// again and keeps the findings.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const exampleUri = vscode.Uri.file(path.join(repoRoot, 'examples', 'istio-gateway', 'gateway-service.yaml'));

const hasHp101 = () => vscode.languages.getDiagnostics(exampleUri).some((d) => d.source === 'hairpin' && String(typeof d.code === 'object' ? d.code.value : d.code) === 'HP101');
function hp101(): Promise<void> {
  return new Promise((resolve) => {
    const sub = vscode.languages.onDidChangeDiagnostics(() => hasHp101() && (sub.dispose(), resolve()));
    if (hasHp101()) (sub.dispose(), resolve());
  });
}

/** Resolves with the tab whose label matches, now or on the next tab change; the mocha timeout bounds it. */
function tabLabelled(re: RegExp): Promise<vscode.Tab> {
  const find = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => re.test(t.label));
  return new Promise((resolve) => {
    const sub = vscode.window.tabGroups.onDidChangeTabs(() => {
      const t = find();
      if (t) (sub.dispose(), resolve(t));
    });
    const now = find();
    if (now) (sub.dispose(), resolve(now));
  });
}

suite('Hairpin: palette commands', () => {
  let editor: vscode.TextEditor;
  suiteSetup(async () => {
    editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(exampleUri));
    await hp101();
  });

  test('every command is contributed under the Hairpin category with its palette title', async () => {
    const ext = vscode.extensions.getExtension('hairpin.hairpin')!;
    const contributed = new Map<string, { title: string; category: string }>(ext.packageJSON.contributes.commands.map((c: { command: string; title: string; category: string }) => [c.command, c]));
    const expected: Record<string, string> = {
      'hairpin.showHandshake': 'Show Failing Handshake',
      'hairpin.explain': 'Explain This Setting',
      'hairpin.reanalyse': 'Re-analyse Workspace',
      'hairpin.openRuleDocs': 'Open Rule Documentation',
    };
    const registered = await vscode.commands.getCommands(true);
    for (const [id, title] of Object.entries(expected)) {
      assert.deepEqual({ title: contributed.get(id)?.title, category: contributed.get(id)?.category }, { title, category: 'Hairpin' }, id);
      assert.ok(registered.includes(id), `${id} is not registered`);
    }
  });

  test('Explain This Setting on the target-type annotation shows its explanation as markdown', async () => {
    const line = editor.document.lineAt(10);
    const column = line.text.indexOf('instance');
    assert.ok(column > 0, line.text);
    editor.selection = new vscode.Selection(10, column + 2, 10, column + 2);
    const tab = tabLabelled(/explained/);
    const shown = await vscode.commands.executeCommand<{ uri: string; markdown: string }>('hairpin.explain');
    assert.ok(shown, 'the command showed nothing');
    assert.match(shown.markdown, /^# Hairpin: service\.beta\.kubernetes\.io\/aws-load-balancer-nlb-target-type$/m);
    assert.match(shown.markdown, /\*\*target type\*\* = `instance`: written in the file \(gateway-service\.yaml:11\)/);
    assert.match(shown.markdown, /\| a pod on n1 .*\| 1\/6 \(16\.7%\) \| hairpin-reset \|/);
    // The virtual document holds the same text, read-only, and a preview of it is open.
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(shown.uri));
    assert.equal(doc.getText(), shown.markdown);
    assert.equal(doc.uri.scheme, 'hairpin-explain');
    await tab;
  });

  test('Explain This Setting outside every NLB value shows nothing', async () => {
    await vscode.window.showTextDocument(editor.document);
    editor.selection = new vscode.Selection(0, 2, 0, 2);
    assert.equal(await vscode.commands.executeCommand('hairpin.explain'), undefined);
  });

  test('Re-analyse Workspace reads the folder again and the findings stay', async () => {
    const result = await vscode.commands.executeCommand<{ files: number; truncated: boolean }>('hairpin.reanalyse');
    assert.ok(result.files >= 1, JSON.stringify(result));
    assert.equal(result.truncated, false);
    await hp101();
  });

  test("the walkthrough's Open the Example opens an untitled copy that gets HP101", async () => {
    const uri = vscode.Uri.parse(await vscode.commands.executeCommand<string>('hairpin.openExample'));
    assert.equal(uri.scheme, 'untitled');
    await new Promise<void>((resolve) => {
      const has = () => vscode.languages.getDiagnostics(uri).some((d) => d.source === 'hairpin' && String(typeof d.code === 'object' ? d.code.value : d.code) === 'HP101');
      const sub = vscode.languages.onDidChangeDiagnostics(() => has() && (sub.dispose(), resolve()));
      if (has()) (sub.dispose(), resolve());
    });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
