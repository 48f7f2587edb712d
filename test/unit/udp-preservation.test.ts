import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze, type AnalysisResult } from '../../server/src/core/analyze';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { initTestGrammars } from '../helpers/grammars';
import { service } from '../helpers/service';

const at = (file: SourceFile, span: { start: number; end: number } | undefined) => (span ? file.text.slice(span.start, span.end) : undefined);
const TCP_AND_UDP = '    - {name: tcp, port: 443, targetPort: 8443, protocol: TCP}\n    - {name: udp, port: 443, targetPort: 8443, protocol: UDP}';

function terraform(protocol: string, preserve?: string, targetType = 'ip'): SourceFile {
  return {
    path: 'main.tf',
    text: `resource "aws_lb" "gw" {
  load_balancer_type               = "network"
  internal                         = true
  enable_cross_zone_load_balancing = true
}

resource "aws_lb_target_group" "gw" {
  port        = 8443
  protocol    = "${protocol}"
  target_type = "${targetType}"
${preserve !== undefined ? `  preserve_client_ip = ${preserve}\n` : ''}}

resource "aws_lb_listener" "l" {
  load_balancer_arn = aws_lb.gw.arn
  port              = 443
  protocol          = "${protocol}"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.gw.arn
  }
}
`,
  };
}

function cloudFormation(protocol: string, preserve?: string): SourceFile {
  return {
    path: 'template.yaml',
    text: `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Nlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: network
      Scheme: internal
      LoadBalancerAttributes:
        - Key: load_balancing.cross_zone.enabled
          Value: "true"
  Tg:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: ip
      Protocol: ${protocol}
      Port: 8443
${preserve !== undefined ? `      TargetGroupAttributes:\n        - Key: preserve_client_ip.enabled\n          Value: "${preserve}"\n` : ''}  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Nlb
      Port: 443
      Protocol: ${protocol}
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref Tg
`,
  };
}

function cdk(protocol: string, preserve?: string): SourceFile {
  return {
    path: 'stack.ts',
    text: `import { Stack } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

export class S extends Stack {
  constructor(scope: any, id: string, vpc: any) {
    super(scope, id);
    const nlb = new elbv2.NetworkLoadBalancer(this, 'Nlb', { vpc, internetFacing: false, crossZoneEnabled: true });
    const tg = new elbv2.NetworkTargetGroup(this, 'Tg', { vpc, port: 8443, protocol: elbv2.Protocol.${protocol}, targetType: elbv2.TargetType.IP${preserve !== undefined ? `, preserveClientIp: ${preserve}` : ''} });
    nlb.addListener('L', { port: 443, protocol: elbv2.Protocol.${protocol}, defaultTargetGroups: [tg] });
  }
}
`,
  };
}

function preservationOf(r: AnalysisResult) {
  assert.equal(r.frontends.length, 1, JSON.stringify(r.notices));
  return r.frontends[0]!;
}

function assertNoDisableOffered(r: AnalysisResult) {
  const a = r.frontends[0]!;
  const ids = a.whatIfs.map((w) => w.mitigation.id);
  assert.ok(!ids.includes('disable-preservation'), ids.join());
  assert.ok(!ids.includes('proxy-protocol'), ids.join());
  for (const f of r.findings) for (const m of f.mitigations) assert.ok(m.id !== 'disable-preservation' && m.id !== 'proxy-protocol', `${f.ruleId}: ${m.id}`);
  // The ip-target what-if keeps preservation on: AWS does not let it go off for these protocols.
  const ip = a.whatIfs.find((w) => w.mitigation.id === 'ip-targets');
  if (ip) assert.equal(ip.result.scenario.preserveClientIp, true);
}

describe('UDP, TCP_UDP, QUIC and TCP_QUIC target groups keep client IP preservation on (issue 10 F)', () => {
  before(() => initTestGrammars());

  for (const targetType of ['ip', 'instance']) {
    it(`Service with enable-tcp-udp-listener and a TCP and a UDP port 443 (${targetType} targets): TCP_UDP, preservation on`, () => {
      const file = service({ 'aws-load-balancer-type': 'external', 'aws-load-balancer-nlb-target-type': targetType, 'aws-load-balancer-enable-tcp-udp-listener': 'true' }, TCP_AND_UDP);
      const r = analyze([file]);
      const a = preservationOf(r);
      assert.equal(a.frontend.targetGroup.protocol.value, 'TCP_UDP');
      assert.equal(at(file, a.frontend.targetGroup.protocol.span), '"true"');
      assert.equal(a.frontend.targetGroup.preserveClientIp.value, true);
      assert.ok(r.findings.some((f) => f.ruleId === 'HP101'), JSON.stringify(r.findings.map((f) => f.ruleId)));
      assertNoDisableOffered(r);
    });
  }

  it('without the annotation, the same ports stay two target groups: TCP (ip targets: preservation off) and UDP (on)', () => {
    const r = analyze([service({ 'aws-load-balancer-type': 'external', 'aws-load-balancer-nlb-target-type': 'ip' }, TCP_AND_UDP)]);
    const groups = r.frontends.map((a) => [a.frontend.targetGroup.protocol.value, a.frontend.targetGroup.preserveClientIp.value]);
    assert.deepEqual(groups, [['TCP', false], ['UDP', true]]);
    assert.equal(new Set(r.frontends.map((a) => a.frontend.targetGroup.id)).size, 2, 'one target group per port, even of one number');
  });

  it('a Service with only UDP ports: a UDP target group, preservation on for ip targets', () => {
    const r = analyze([service({ 'aws-load-balancer-type': 'external', 'aws-load-balancer-nlb-target-type': 'ip' }, '    - {name: dns, port: 53, targetPort: 5353, protocol: UDP}')]);
    const a = preservationOf(r);
    assert.equal(a.frontend.targetGroup.protocol.value, 'UDP');
    assert.equal(a.frontend.targetGroup.preserveClientIp.value, true);
    assert.match(a.frontend.targetGroup.preserveClientIp.why!, /always on for ip targets with UDP/);
  });

  for (const value of ['false', 'False', '0']) {
    it(`Service TCP_UDP with preserve_client_ip.enabled=${value}: preservation stays on and the value gets a warning`, () => {
      const file = service(
        { 'aws-load-balancer-type': 'external', 'aws-load-balancer-nlb-target-type': 'ip', 'aws-load-balancer-enable-tcp-udp-listener': 'true', 'aws-load-balancer-target-group-attributes': `preserve_client_ip.enabled=${value}` },
        TCP_AND_UDP,
      );
      const r = analyze([file]);
      assert.equal(preservationOf(r).frontend.targetGroup.preserveClientIp.value, true);
      const n = r.notices.find((x) => /cannot be turned off/.test(x.message));
      assert.ok(n, JSON.stringify(r.notices));
      assert.equal(n.level, 'warning');
      assert.equal(at(file, n.span), `preserve_client_ip.enabled=${value}`);
      assert.match(n.message, /TCP_UDP/);
      assertNoDisableOffered(r);
    });
  }

  for (const protocol of ['TCP_UDP', 'UDP', 'QUIC', 'TCP_QUIC']) {
    it(`Terraform protocol = "${protocol}" with preserve_client_ip = "false": preservation on, a warning on the value`, () => {
      const file = terraform(protocol, '"false"');
      const r = analyze([file]);
      const a = preservationOf(r);
      assert.equal(a.frontend.targetGroup.preserveClientIp.value, true);
      const n = r.notices.find((x) => /cannot be turned off/.test(x.message));
      assert.ok(n, JSON.stringify(r.notices));
      assert.equal(at(file, n.span), '"false"');
      assert.ok(n.message.includes(protocol));
      assert.ok(r.findings.some((f) => f.ruleId === 'HP103'));
      assertNoDisableOffered(r);
    });
  }

  it('Terraform protocol = "TCP" with preserve_client_ip = "false" keeps it off, without a warning', () => {
    const r = analyze([terraform('TCP', '"false"')]);
    assert.equal(preservationOf(r).frontend.targetGroup.preserveClientIp.value, false);
    assert.ok(!r.notices.some((x) => /cannot be turned off/.test(x.message)));
  });

  for (const protocol of ['TCP_UDP', 'UDP']) {
    it(`CloudFormation Protocol: ${protocol} with preserve_client_ip.enabled "false": preservation on, a warning`, () => {
      const r = analyze([cloudFormation(protocol, 'false')]);
      assert.equal(preservationOf(r).frontend.targetGroup.preserveClientIp.value, true);
      assert.ok(r.notices.some((x) => x.level === 'warning' && /cannot be turned off/.test(x.message)), JSON.stringify(r.notices));
      assertNoDisableOffered(r);
    });

    it(`CDK protocol: Protocol.${protocol} with preserveClientIp: false: preservation on, a warning`, () => {
      const r = analyze([cdk(protocol, 'false')]);
      assert.equal(preservationOf(r).frontend.targetGroup.preserveClientIp.value, true);
      assert.ok(r.notices.some((x) => x.level === 'warning' && /cannot be turned off/.test(x.message)), JSON.stringify(r.notices));
      assertNoDisableOffered(r);
    });

    it(`CDK protocol: Protocol.${protocol} without preserveClientIp on ip targets: preservation on by default`, () => {
      const r = analyze([cdk(protocol)]);
      assert.equal(preservationOf(r).frontend.targetGroup.preserveClientIp.value, true);
      assert.equal(preservationOf(r).frontend.targetGroup.preserveClientIp.origin, 'default');
    });
  }
});
