import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { hoverAt } from '../../server/src/core/explain/hover';
import { fixture, textAt } from '../helpers/fixtures';

const example = fixture('../../examples/istio-gateway/gateway-service.yaml');
const result = analyze([example]);
const at = (needle: string, delta = 2) => hoverAt(result, example.path, example.text.indexOf(needle) + delta);

describe('hover explanations', () => {
  it('target-type annotation: value, provenance, AWS preservation default and its effect, the failure table', () => {
    const h = at('aws-load-balancer-nlb-target-type');
    assert.ok(h);
    assert.match(textAt(example, h.span), /^service\.beta\.kubernetes\.io\/aws-load-balancer-nlb-target-type: instance$/);
    assert.match(h.markdown, /\*\*target type\*\* = `instance` — written in the file/);
    assert.match(h.markdown, /\*\*client IP preservation\*\* = `true` — default: AWS target group attributes/);
    assert.match(h.markdown, /never returns through the NLB/);
    assert.match(h.markdown, /\| a pod on n1 \(a node without a gateway pod\) \| 1\/6 \(17%\) \| hairpin-reset \|/);
    assert.match(h.markdown, /Disable client IP preservation.*worst client 0%/);
    assert.match(h.markdown, /assumed/);
  });

  it('cross-zone attribute: effective value, collision estimate, and the linters that recommend it', () => {
    const h = at('aws-load-balancer-attributes');
    assert.match(h!.markdown, /\*\*effective cross-zone load balancing\*\* = `true` — written in the file/);
    assert.match(h!.markdown, /0\.39%/);
    assert.match(h!.markdown, /CKV_AWS_152/);
  });

  it('externalTrafficPolicy hovers even when unwritten elsewhere; written value shows Local semantics', () => {
    const text = fixture('k8s/multi-doc.yaml');
    const r = analyze([text]);
    const h = hoverAt(r, text.path, text.text.indexOf('externalTrafficPolicy') + 3);
    assert.match(h!.markdown, /\*\*externalTrafficPolicy\*\* = `Local` — written in the file/);
    assert.match(h!.markdown, /1\/3/);
  });

  it('nothing to say outside the relevant fields', () => {
    assert.equal(at('apiVersion'), undefined);
    assert.equal(at('selector'), undefined);
  });
});

describe('hover on values written in other formats', () => {
  it('Terraform, CloudFormation and CDK values explain themselves like annotations do', async () => {
    const { initTestGrammars } = await import('../helpers/grammars');
    await initTestGrammars();
    const cases: [string, string, RegExp][] = [
      ['same-nlb/main.tf', 'enable_cross_zone_load_balancing = true', /\*\*effective cross-zone load balancing\*\* = `true` — written in the file/],
      ['same-nlb/main.tf', 'target_type = "instance"', /\*\*target type\*\* = `instance`/],
      ['same-nlb/template.yaml', 'TargetType: instance', /\*\*target type\*\* = `instance`/],
      ['same-nlb/stack.ts', 'crossZoneEnabled: true', /CKV_AWS_152/],
      ['same-nlb/stack.py', 'internet_facing=False', /\*\*scheme\*\* = `internal`/],
    ];
    for (const [path, needle, expected] of cases) {
      const file = fixture(path);
      const r = analyze([file]);
      const at = file.text.indexOf(needle) + needle.length - 2;
      const h = hoverAt(r, file.path, at);
      assert.ok(h, `${path}: no hover at ${needle}`);
      assert.match(h.markdown, expected, path);
      assert.match(h.markdown, /\| a pod on n1 \(a node without a gateway pod\) \| 1\/6/, path);
    }
  });

  it('the resource head of an unwritten default does not claim a field', () => {
    const file = fixture('same-nlb/template.yaml');
    const r = analyze([file]);
    assert.equal(hoverAt(r, file.path, file.text.indexOf('GatewayListener') + 3), undefined);
  });

  it('on a finding reported at the resource head (its deciding value is an unwritten default), the hover explains that default', () => {
    const file = fixture('k8s/seed.yaml');
    const r = analyze([file]);
    const head = file.text.indexOf('istio-ingressgateway') + 2;
    assert.equal(textAt(file, r.findings.find((f) => f.ruleId === 'HP101')!.span), 'istio-ingressgateway');
    const h = hoverAt(r, file.path, head);
    assert.ok(h, 'a hover on the HP101 squiggle');
    assert.equal(textAt(file, h.span), 'istio-ingressgateway');
    assert.match(h.markdown, /\*\*client IP preservation\*\* = `true` — default: AWS target group attributes/);
    assert.match(h.markdown, /\| a pod on n1 .* \| 1\/6/);
  });
});
