import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { analyzeFixtures, fixture, ruleIds, textAt } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';

before(() => initTestGrammars());

describe('rules on CDK stacks fire as on Kubernetes YAML', () => {
  it('TypeScript: internal NLB, instance targets, cross-zone on: HP101 and HP103', () => {
    const file = fixture('cdk/gateway-nlb-stack.ts');
    const r = analyze([file]);
    assert.deepEqual(ruleIds(r), ['HP101', 'HP103']);
    const hp101 = r.findings.find((f) => f.ruleId === 'HP101')!;
    assert.equal(hp101.probabilityExact, '1/6');
    assert.equal(textAt(file, hp101.span), 'props.nodes.map((node) => new targets.InstanceTarget(node))', 'the targets decide the preservation default');
    assert.equal(textAt(file, r.findings.find((f) => f.ruleId === 'HP103')!.span), 'crossZone');
  });

  it('Python: the same for the instance target group; the ip one is quiet', () => {
    const file = fixture('cdk/gateway_nlb_stack.py');
    const r = analyze([file]);
    assert.deepEqual(ruleIds(r), ['HP101', 'HP103']);
    assert.ok(r.findings.every((f) => f.frontendId === 'cdk:cdk/gateway_nlb_stack.py:listener'));
    // Two target groups on this NLB: the collision finding sits on the instance target group (kind E),
    // and the shared cross-zone value is a related location.
    const hp103 = r.findings.find((f) => f.ruleId === 'HP103')!;
    assert.equal(textAt(file, hp103.span), '"GatewayNodes"');
    assert.match(hp103.message, /^Target group /);
    assert.ok(hp103.related.some((x) => textAt(file, x.span) === 'CROSS_ZONE'));
  });

  it('preserveClientIp: false / preserve_client_ip=False: neither finding', () => {
    assert.deepEqual(ruleIds(analyzeFixtures('cdk/preservation-off.py')), []);
    const ts = fixture('cdk/gateway-nlb-stack.ts');
    const text = ts.text.replace('      port: GATEWAY_NODE_PORT,\n', '      port: GATEWAY_NODE_PORT,\n      preserveClientIp: false,\n');
    assert.notEqual(text, ts.text);
    assert.deepEqual(ruleIds(analyze([{ path: 'off.ts', text }])), []);
  });

  it('ip targets without preserveClientIp: neither finding', () => {
    assert.deepEqual(ruleIds(analyzeFixtures('cdk/pod-targets-stack.ts')), []);
  });

  it('internetFacing: true removes the hairpin for in-cluster callers but not the collision', () => {
    const ts = fixture('cdk/gateway-nlb-stack.ts');
    const text = ts.text.replace('crossZoneEnabled: crossZone,', 'crossZoneEnabled: crossZone,\n      internetFacing: true,');
    assert.deepEqual(ruleIds(analyze([{ path: 'public.ts', text }])), ['HP103']);
  });

  it('cross-zone turned on only with setAttribute on the load balancer still counts', () => {
    const text = fixture('cdk/preservation-off.py').text.replace('preserve_client_ip=False,', '').replace('cross_zone_enabled=True', 'internet_facing=False') +
      '        self.nlb.set_attribute("load_balancing.cross_zone.enabled", "true")\n';
    assert.deepEqual(ruleIds(analyze([{ path: 'attr.py', text }])), ['HP101', 'HP103']);
  });
});
