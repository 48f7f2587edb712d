import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { readTerraformFile } from '../../server/src/core/parse/terraform/read-terraform';
import { tfFolder } from './terraform-fixtures';

// This file deliberately never loads the grammars (each test file runs in its own process).
describe('Terraform without the HCL grammar', () => {
  it('each file is skipped with a warning that Terraform reading is unavailable; nothing throws', () => {
    const facts = readTerraformFile({ path: 'm/main.tf', text: 'resource "aws_lb" "a" {}\n' });
    assert.deepEqual(
      facts.notices.map((n) => [n.level, n.skipped, n.message]),
      [['warning', 'file', 'Skipped: Terraform reading is unavailable (the HCL grammar is not loaded).']],
    );
    assert.equal(facts.terraform, undefined);
    const r = analyze(tfFolder('plain'));
    assert.deepEqual(r.findings, []);
    assert.equal(r.notices.length, 3);
  });
});
