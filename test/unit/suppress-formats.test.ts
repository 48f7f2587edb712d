import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze, type AnalysisResult } from '../../server/src/core/analyze';
import { applyEdits } from '../../server/src/core/fix/types';
import { REASON_PLACEHOLDER, suppressionEdit } from '../../server/src/core/suppress/suppression-edit';
import { fixture } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';
import { insertAbove } from '../helpers/insert-line';

function ids(r: AnalysisResult, key: 'findings' | 'suppressed' | 'suppressionProblems'): string[] {
  return (r[key] ?? []).map((f) => f.ruleId).sort();
}

/** Each format in its own comment syntax, on the line before the value (or resource head) HP101 is reported on. */
const FORMATS: readonly { name: string; file: string; anchor: string; prefix: string; others: readonly string[] }[] = [
  { name: 'Kubernetes Service (YAML)', file: 'same-nlb/service.yaml', anchor: 'name: gateway', prefix: '#', others: ['HP103'] },
  { name: 'IstioOperator (YAML)', file: 'k8s-extra/operator/istio-operator.yaml', anchor: '- name: istio-ingressgateway', prefix: '#', others: ['HP103', 'HP105'] },
  { name: 'istio gateway chart values (YAML)', file: 'k8s-extra/chart/values.yaml', anchor: 'aws-load-balancer-nlb-target-type: instance', prefix: '#', others: ['HP105'] },
  { name: 'CloudFormation YAML', file: 'same-nlb/template.yaml', anchor: 'TargetType: instance', prefix: '#', others: ['HP103'] },
  { name: 'Terraform (#)', file: 'same-nlb/main.tf', anchor: 'target_type = "instance"', prefix: '#', others: ['HP103'] },
  { name: 'Terraform (//)', file: 'same-nlb/main.tf', anchor: 'target_type = "instance"', prefix: '//', others: ['HP103'] },
  { name: 'Python CDK', file: 'same-nlb/stack.py', anchor: 'NetworkTargetGroup(', prefix: '#', others: ['HP103'] },
  { name: 'TypeScript CDK', file: 'same-nlb/stack.ts', anchor: 'NetworkTargetGroup(', prefix: '//', others: ['HP103'] },
];

describe('suppression comments in every format', () => {
  before(() => initTestGrammars());

  for (const f of FORMATS) {
    it(`${f.name}: "${f.prefix} hairpin-ignore HP101 reason" suppresses HP101 on the next line, with its reason`, () => {
      const plain = analyze([fixture(f.file)]);
      assert.deepEqual(ids(plain, 'findings'), ['HP101', ...f.others].sort(), 'the fixture no longer has these findings');
      const r = analyze([insertAbove(fixture(f.file), f.anchor, `${f.prefix} hairpin-ignore HP101 in-cluster callers use the Service`)]);
      assert.deepEqual(ids(r, 'findings'), [...f.others]);
      assert.deepEqual(ids(r, 'suppressed'), ['HP101']);
      const s = r.suppressed![0]!.suppression!;
      assert.equal(s.kind, 'inSource');
      assert.equal(s.justification, 'in-cluster callers use the Service');
      assert.deepEqual(r.suppressionProblems, []);
    });

    it(`${f.name}: the "suppress" edit, applied and re-analysed, moves HP101 to suppressed with no HP001/HP002`, () => {
      const file = fixture(f.file);
      const finding = analyze([file]).findings.find((x) => x.ruleId === 'HP101')!;
      const edit = suppressionEdit(finding, (p) => (p === file.path ? file.text : undefined));
      assert.ok(edit);
      const edited = { ...file, text: applyEdits(file.text, [edit]) };
      const r = analyze([edited]);
      assert.deepEqual(ids(r, 'suppressed'), ['HP101']);
      assert.deepEqual(ids(r, 'findings'), [...f.others]);
      assert.deepEqual(r.suppressionProblems, [], 'the placeholder counts as a reason, and the directive is used');
      assert.equal(r.suppressed![0]!.suppression!.justification, REASON_PLACEHOLDER);
    });
  }

  it('the edit writes the file’s comment style with the flagged line’s indentation', () => {
    const cases: [string, string][] = [
      ['same-nlb/service.yaml', `  # hairpin-ignore HP101 ${REASON_PLACEHOLDER}\n  name: gateway\n`],
      ['same-nlb/main.tf', `  # hairpin-ignore HP101 ${REASON_PLACEHOLDER}\n  target_type = "instance"`],
      ['same-nlb/stack.ts', `    // hairpin-ignore HP101 ${REASON_PLACEHOLDER}\n    const tg = new elbv2.NetworkTargetGroup(`],
      ['same-nlb/stack.py', `        # hairpin-ignore HP101 ${REASON_PLACEHOLDER}\n        tg = elbv2.NetworkTargetGroup(`],
    ];
    for (const [path, expected] of cases) {
      const file = fixture(path);
      const finding = analyze([file]).findings.find((x) => x.ruleId === 'HP101')!;
      const text = applyEdits(file.text, [suppressionEdit(finding, () => file.text)!]);
      assert.ok(text.includes(expected), `${path}:\n${text}`);
    }
  });

  it('the edit extends a directive on the line above instead of adding a second one', () => {
    const file = insertAbove(fixture('same-nlb/service.yaml'), 'name: gateway', '# hairpin-ignore HP103 cross-zone is off in prod');
    const finding = analyze([file]).findings.find((x) => x.ruleId === 'HP101')!;
    const text = applyEdits(file.text, [suppressionEdit(finding, () => file.text)!]);
    assert.ok(text.includes('  # hairpin-ignore HP103, HP101 cross-zone is off in prod\n  name: gateway'), text);
    const r = analyze([{ ...file, text }]);
    assert.deepEqual(ids(r, 'suppressed'), ['HP101']);
    assert.deepEqual(ids(r, 'suppressionProblems'), ['HP001'], 'HP103 is not reported on that line, and stays unused');
  });

  it('CloudFormation JSON has no comments: no edit is offered', () => {
    const file = fixture('cloudformation/cdk.out/GatewayNlbStack.template.json');
    const finding = analyze([file]).findings[0];
    assert.ok(finding, 'the template has a finding');
    assert.equal(suppressionEdit(finding, () => file.text), undefined);
  });

  it('the edit keeps CRLF line breaks', () => {
    const file = fixture('same-nlb/service.yaml');
    const crlf = { ...file, text: file.text.replace(/\n/g, '\r\n') };
    const finding = analyze([crlf]).findings.find((x) => x.ruleId === 'HP101')!;
    const edit = suppressionEdit(finding, () => crlf.text)!;
    assert.ok(edit.newText.endsWith('\r\n'));
    assert.deepEqual(ids(analyze([{ ...crlf, text: applyEdits(crlf.text, [edit]) }]), 'suppressed'), ['HP101']);
  });

  it('a byte order mark before the first line: a directive there is read, and the edit writes after the mark', () => {
    const file = fixture('terraform/k8s-service/service.tf');
    const bom = { ...file, text: `\uFEFF${file.text}` };
    // HP101 is reported on the resource head, the file's first line.
    const finding = analyze([bom]).findings.find((x) => x.ruleId === 'HP101')!;
    const edit = suppressionEdit(finding, () => bom.text)!;
    const after = { ...bom, text: applyEdits(bom.text, [edit]) };
    assert.ok(after.text.startsWith(`\uFEFF# hairpin-ignore HP101 ${REASON_PLACEHOLDER}\nresource`), after.text.slice(0, 80));
    const r = analyze([after]);
    assert.deepEqual(ids(r, 'suppressed'), ['HP101']);
    assert.deepEqual(ids(r, 'suppressionProblems'), []);
  });

  it('removing an unused suppression on the first line keeps the byte order mark', () => {
    const file = fixture('terraform/k8s-service/service.tf');
    const text = `\uFEFF# hairpin-ignore HP102 no overlay here\n${file.text}`;
    const [problem] = analyze([{ ...file, text }]).suppressionProblems ?? [];
    assert.equal(problem?.ruleId, 'HP001');
    assert.equal(applyEdits(text, problem.fix!.edits), `\uFEFF${file.text}`);
  });
});
