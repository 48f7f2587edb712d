// Lazy start in a real VS Code: the extension activates on a JSON or TypeScript document, but its
// language server starts only once a document that could define an NLB opens. This file runs first
// (mocha loads the suite files in name order), before any test opens the example.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const exampleUri = vscode.Uri.file(path.join(repoRoot, 'examples', 'istio-gateway', 'gateway-service.yaml'));

interface HairpinApi {
  serverStarted(): boolean;
}

/** Resolves once `uri` has a Hairpin diagnostic with `code`; the mocha timeout bounds the wait. */
function diagnosticWith(uri: vscode.Uri, code: string): Promise<void> {
  return new Promise((resolve) => {
    const has = () => vscode.languages.getDiagnostics(uri).some((d) => d.source === 'hairpin' && String(typeof d.code === 'object' ? d.code.value : d.code) === code);
    const sub = vscode.languages.onDidChangeDiagnostics(() => has() && (sub.dispose(), resolve()));
    if (has()) (sub.dispose(), resolve());
  });
}

suite('Hairpin: lazy activation', () => {
  let api: HairpinApi;

  test('a JSON document that is not a CloudFormation template activates the extension, not the server', async () => {
    const ext = vscode.extensions.getExtension<HairpinApi>('hairpin.hairpin')!;
    assert.equal(ext.isActive, false, 'active before any document opened');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'json', content: '{ "name": "not-a-template" }' }));
    api = await ext.activate();
    assert.equal(ext.isActive, true);
    assert.equal(api.serverStarted(), false);
  });

  test('nor does TypeScript without the CDK elbv2 module', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'typescript', content: 'export const answer = 42;\n' }));
    assert.equal(api.serverStarted(), false);
  });

  test('the commands are there before the server: Open Rule Documentation needs none', async () => {
    const opened = await vscode.commands.executeCommand<string>('hairpin.openRuleDocs', 'HP101');
    assert.match(opened, /docs\/rules\/HP101\.md$/);
    assert.equal(api.serverStarted(), false);
  });

  test('opening the Kubernetes example starts the server, which publishes HP101', async () => {
    const published = diagnosticWith(exampleUri, 'HP101');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(exampleUri));
    assert.equal(api.serverStarted(), true);
    await published;
  });
});
