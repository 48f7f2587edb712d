import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { readFile } from '../../server/src/core/parse/read-file';
import { fixture } from '../helpers/fixtures';

describe('bad input is a notice, never a crash', () => {
  it('broken YAML: a syntax-error notice with a position, and no findings', () => {
    const facts = readFile(fixture('k8s/broken.yaml'));
    assert.equal(facts.services.length, 0);
    assert.equal(facts.notices.length, 1);
    assert.match(facts.notices[0]!.message, /^YAML syntax error, document skipped/);
    assert.ok(facts.notices[0]!.span);
  });

  it('a Helm template is recognised and skipped, not misread', () => {
    const facts = readFile(fixture('k8s/helm-template.yaml'));
    assert.equal(facts.services.length, 0);
    assert.match(facts.notices[0]!.message, /^Skipped: Helm template/);
  });

  it('an empty file is reported as skipped, with nothing read', () => {
    const facts = readFile(fixture('k8s/empty.yaml'));
    assert.equal(facts.services.length, 0);
    assert.deepEqual(facts.notices.map((n) => [n.level, n.message]), [['info', 'Skipped: empty file.']]);
  });

  it('binary content and oversized files are skipped with a reason', () => {
    assert.match(readFile({ path: 'b.yaml', text: 'kind: Service\u0000\u0001' }).notices[0]!.message, /binary/);
    const big = readFile({ path: 'big.yaml', text: 'a: 1\n'.repeat(100) }, { maxFileSize: 50 });
    assert.match(big.notices[0]!.message, /over the 50-character limit/);
  });

  it('an alias bomb is read without expanding aliases', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const text = `${lines.join('\n')}\nkind: Service\nmetadata:\n  name: bomb\n`;
    const facts = readFile({ path: 'bomb.yaml', text });
    assert.equal(facts.services[0]?.name, 'bomb');
  });

  it('a document that is valid YAML but the wrong shape is ignored', () => {
    const r = analyze([{ path: 'odd.yaml', text: 'kind: Service\nmetadata: [1, 2]\nspec: "text"\n---\n- 1\n- 2\n---\n42\n' }]);
    assert.equal(r.findings.length, 0);
  });

  it('one broken document does not hide a good one in the same file', () => {
    const good = fixture('k8s/seed.yaml').text;
    const r = analyze([{ path: 'mixed.yaml', text: `a: [oops\n---\n${good}` }]);
    assert.equal(r.files[0]!.notices.length, 1);
    assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), ['HP101', 'HP103', 'HP105']);
  });
});
