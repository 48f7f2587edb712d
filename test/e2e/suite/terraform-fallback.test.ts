// Without a Terraform extension (code-server here has none), a .tf file opens as plain text and the
// extension gives it its own `hairpin-hcl` language, whose grammar is syntaxes/hcl.tmLanguage.json.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

suite('Hairpin: HCL highlighting without a Terraform extension', () => {
  let dir: string;
  suiteSetup(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hairpin-tf-'));
  });
  suiteTeardown(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('no extension provides a terraform language here, so a .tf document gets hairpin-hcl', async () => {
    const languages = await vscode.languages.getLanguages();
    assert.ok(!languages.includes('terraform'), 'a Terraform extension is installed: this test needs none');
    assert.ok(languages.includes('hairpin-hcl'));
    const file = path.join(dir, 'main.tf');
    fs.writeFileSync(file, 'resource "aws_lb" "gw" {\n  load_balancer_type = "network"\n  internal = true\n}\n');
    const uri = vscode.Uri.file(file);
    const adopted = new Promise<vscode.TextDocument>((resolve) => {
      const sub = vscode.workspace.onDidOpenTextDocument((d) => {
        if (d.uri.toString() === uri.toString() && d.languageId === 'hairpin-hcl') (sub.dispose(), resolve(d));
      });
    });
    const opened = await vscode.workspace.openTextDocument(uri);
    const doc = opened.languageId === 'hairpin-hcl' ? opened : await adopted;
    assert.equal(doc.languageId, 'hairpin-hcl');
  });
});
