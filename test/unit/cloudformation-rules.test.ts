import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { analyzeFixtures, fixture, ruleIds, textAt } from '../helpers/fixtures';

describe('rules on CloudFormation templates fire as on Kubernetes YAML', () => {
  it('internal NLB, instance targets (preservation on by default), cross-zone on: HP101 and HP103', () => {
    const file = fixture('cloudformation/internal-nlb.yaml');
    const r = analyze([file]);
    assert.deepEqual(ruleIds(r), ['HP101', 'HP103']);
    const hp101 = r.findings.find((f) => f.ruleId === 'HP101')!;
    assert.equal(hp101.probabilityExact, '1/6', 'the same probability as the seed Service on the canonical topology');
    assert.match(hp101.message, /on by default for instance targets/);
    assert.equal(textAt(file, hp101.span), 'GatewayTargetGroup', 'an unwritten default: the target group head');
    const hp103 = r.findings.find((f) => f.ruleId === 'HP103')!;
    assert.equal(textAt(file, hp103.span), '!Ref CrossZone', 'the written value that decides it');
    assert.equal(hp101.frontendId, 'cfn:cloudformation/internal-nlb.yaml:GatewayListener');
  });

  it('the same through cdk synth output', () => {
    const file = fixture('cloudformation/cdk.out/GatewayNlbStack.template.json');
    const r = analyze([file]);
    assert.deepEqual(ruleIds(r), ['HP101', 'HP103']);
    assert.equal(textAt(file, r.findings.find((f) => f.ruleId === 'HP101')!.span), '"instance"');
  });

  it('preserve_client_ip.enabled "false": neither finding', () => {
    assert.deepEqual(ruleIds(analyzeFixtures('cloudformation/preservation-off.yaml')), []);
  });

  it('ip targets without the attribute: neither finding', () => {
    assert.deepEqual(ruleIds(analyzeFixtures('cloudformation/ip-targets.json')), []);
  });

  it('turning preservation off through a Parameter Default clears both', () => {
    const text = fixture('cloudformation/internal-nlb.yaml').text.replace(
      '      HealthCheckProtocol: TCP\n',
      "      HealthCheckProtocol: TCP\n      TargetGroupAttributes:\n        - Key: preserve_client_ip.enabled\n          Value: !Ref Preserve\n",
    ).replace('Parameters:\n', "Parameters:\n  Preserve:\n    Type: String\n    Default: 'false'\n");
    assert.deepEqual(ruleIds(analyze([{ path: 'p.yaml', text }])), []);
  });

  it('cross-zone off at the load balancer but on at the target group: the target group wins', () => {
    const text = fixture('cloudformation/preservation-off.yaml').text.replace(
      '        - Key: preserve_client_ip.enabled\n          Value: "false"\n',
      '',
    ).replace('Value: use_load_balancer_configuration', 'Value: "true"').replace(
      '        - Key: load_balancing.cross_zone.enabled\n          Value: "true"\n  IngressTargets',
      '        - Key: load_balancing.cross_zone.enabled\n          Value: "false"\n  IngressTargets',
    );
    const r = analyze([{ path: 'tg-wins.yaml', text }]);
    assert.equal(r.files[0]!.loadBalancers[0]!.crossZone.value, false);
    assert.equal(r.files[0]!.targetGroups[0]!.crossZone.value, true);
    assert.deepEqual(ruleIds(r), ['HP101', 'HP103']);
  });

  it('the default internet-facing scheme: no hairpin for in-cluster callers (their traffic is SNATed), HP103 still', () => {
    const text = fixture('cloudformation/internal-nlb.yaml').text.replace('      Scheme: internal\n', '');
    assert.deepEqual(ruleIds(analyze([{ path: 'public.yaml', text }])), ['HP103']);
  });
});
