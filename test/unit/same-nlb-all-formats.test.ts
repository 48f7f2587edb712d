import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { fixture } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';

const FORMATS = ['service.yaml', 'main.tf', 'template.yaml', 'stack.ts', 'stack.py'];

/** Issue 4: the same NLB written five ways gives the same verdict. */
describe('one NLB, every format, one verdict', () => {
  before(() => initTestGrammars());

  for (const name of FORMATS) {
    it(`${name}: HP101 at 1/6 and HP103 at the same collision rate, from the same effective settings`, () => {
      const r = analyze([fixture(`same-nlb/${name}`)]);
      assert.equal(r.frontends.length, 1, JSON.stringify(r.notices));
      const s = r.frontends[0]!.simulation.scenario;
      assert.deepEqual(
        [s.targetType, s.preserveClientIp, s.crossZone, s.scheme, s.listenerPort, s.nodePort],
        ['instance', true, true, 'internal', 443, 31380],
      );
      assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), ['HP101', 'HP103']);
      assert.equal(r.findings.find((f) => f.ruleId === 'HP101')!.probabilityExact, '1/6');
      const hp103 = r.findings.find((f) => f.ruleId === 'HP103')!;
      assert.ok(Math.abs(hp103.probability - 0.0039279) < 1e-6);
    });
  }

  it('with preservation turned off in each format, none of them has a finding', () => {
    const off: Record<string, [string, string]> = {
      'service.yaml': ['    service.beta.kubernetes.io/aws-load-balancer-attributes:', '    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: preserve_client_ip.enabled=false\n    service.beta.kubernetes.io/aws-load-balancer-attributes:'],
      'main.tf': ['  target_type = "instance"', '  target_type = "instance"\n  preserve_client_ip = "false"'],
      'template.yaml': ['      TargetType: instance', '      TargetType: instance\n      TargetGroupAttributes:\n        - Key: preserve_client_ip.enabled\n          Value: "false"'],
      'stack.ts': ['targetType: elbv2.TargetType.INSTANCE', 'targetType: elbv2.TargetType.INSTANCE, preserveClientIp: false'],
      'stack.py': ['target_type=elbv2.TargetType.INSTANCE', 'target_type=elbv2.TargetType.INSTANCE, preserve_client_ip=False'],
    };
    for (const name of FORMATS) {
      const file = fixture(`same-nlb/${name}`);
      const [from, to] = off[name]!;
      assert.ok(file.text.includes(from), name);
      const r = analyze([{ ...file, text: file.text.replace(from, to) }]);
      assert.equal(r.frontends[0]?.simulation.scenario.preserveClientIp, false, name);
      assert.deepEqual(r.findings.map((f) => f.ruleId), [], name);
    }
  });
});
