// Hairpin in a real VS Code: the extension activates on YAML, its language server publishes the
// example's findings, and hovers explain the annotations. Uses only the public `vscode` API.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'hairpin.hairpin';
// out/e2e/suite -> repository root
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const exampleUri = vscode.Uri.file(path.join(repoRoot, 'examples', 'istio-gateway', 'gateway-service.yaml'));

const codeOf = (d: vscode.Diagnostic): string | undefined =>
  d.code === undefined ? undefined : typeof d.code === 'object' ? String(d.code.value) : String(d.code);

const hairpinDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'hairpin');

/**
 * Resolves with the diagnostics of `uri` once `accept` holds for them, checking now and on every
 * `onDidChangeDiagnostics` for that document. No polling: the mocha timeout bounds the wait.
 */
function diagnosticsWhen(uri: vscode.Uri, accept: (ds: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const ds = hairpinDiagnostics(uri);
      if (!accept(ds)) return false;
      sub.dispose();
      resolve(ds);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
}

const hasCodes = (...codes: string[]) => (ds: vscode.Diagnostic[]) => codes.every((c) => ds.some((d) => codeOf(d) === c));

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

suite('Hairpin in VS Code', () => {
  let document: vscode.TextDocument;
  let diagnostics: vscode.Diagnostic[];

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    assert.ok(ext.packageJSON.activationEvents.includes('onLanguage:yaml'));
  });

  test('opening the Istio gateway example publishes HP101 and HP103', async () => {
    // Subscribe before opening, so that no publication can be missed.
    const published = diagnosticsWhen(exampleUri, hasCodes('HP101', 'HP103'));
    document = await vscode.workspace.openTextDocument(exampleUri);
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'yaml');
    diagnostics = await published;
  });

  test('the extension was activated by the YAML document', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext?.isActive, 'hairpin.hairpin is not active');
  });

  test('its command and settings are contributed: Show Output, maxFileSize, trace.server', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes('hairpin.showOutput'));
    const config = vscode.workspace.getConfiguration('hairpin');
    assert.equal(config.get('maxFileSize'), 2000000);
    assert.equal(config.get('trace.server'), 'off');
    await vscode.commands.executeCommand('hairpin.showOutput');
  });

  test('HP101 is an error on the target-type value: 1 in 6 connections', () => {
    const hp101 = diagnostics.filter((d) => codeOf(d) === 'HP101');
    assert.equal(hp101.length, 1, JSON.stringify(hp101));
    const [d] = hp101;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.source, 'hairpin');
    assert.match(d.message, /^1 in 6 connections/);
    assert.equal(d.range.start.line, 10, 'line 11 (1-based): the nlb-target-type annotation');
    assert.equal(document.getText(d.range), 'instance');
  });

  test('HP103 is a warning on the cross-zone attribute', () => {
    const hp103 = diagnostics.filter((d) => codeOf(d) === 'HP103');
    assert.equal(hp103.length, 1, JSON.stringify(hp103));
    const [d] = hp103;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(d.source, 'hairpin');
    assert.equal(d.range.start.line, 12, 'line 13 (1-based): the attributes annotation');
    assert.match(document.getText(d.range), /cross_zone\.enabled=true/);
  });

  test('hovering the nlb-target-type annotation key explains the target type', async () => {
    const line = document.lineAt(10).text;
    const column = line.indexOf('aws-load-balancer-nlb-target-type');
    assert.ok(column > 0, line);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', exampleUri, new vscode.Position(10, column + 5));
    const text = hoverText(hovers);
    assert.match(text, /target type/);
    assert.match(text, /\*\*target type\*\* = `instance`/);
    assert.match(text, /client IP preservation/);
  });

  test('no hover outside the fields Hairpin explains', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', exampleUri, new vscode.Position(3, 2));
    assert.doesNotMatch(hoverText(hovers), /target type|client IP preservation/);
  });

  test('an unsaved edit that disables client IP preservation clears both findings', async () => {
    const editor = await vscode.window.showTextDocument(document);
    const cleared = diagnosticsWhen(exampleUri, (ds) => !ds.some((d) => codeOf(d) === 'HP101' || codeOf(d) === 'HP103'));
    const ok = await editor.edit((b) => b.insert(new vscode.Position(12, 0),
      '    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: preserve_client_ip.enabled=false\n'));
    assert.ok(ok, 'edit was not applied');
    await cleared;
    // Put the document back (never saved) and see the findings return.
    const back = diagnosticsWhen(exampleUri, hasCodes('HP101', 'HP103'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await back;
    assert.equal(document.isDirty, false);
  });
});
