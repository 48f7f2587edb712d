import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { initTestGrammars } from '../helpers/grammars';
import { CFN_INTERNAL_CROSS_ZONE_NLB } from '../helpers/cloudformation-nlb';

/**
 * Issue 10, kind E: one finding per target group. A target group behind two listeners is one finding;
 * on a load balancer with several target groups each finding names its target group and sits on that
 * target group's deciding value.
 */
// Each target group has the cluster's nodes as its targets: the node group's autoscaling group is attached to it.
const tg = (name: string, port: number, extra = '') =>
  `resource "aws_lb_target_group" "${name}" {\n  port     = ${port}\n  protocol = "TCP"\n${extra}}\n` +
  `resource "aws_autoscaling_attachment" "${name}_nodes" {\n  autoscaling_group_name = var.node_group_asg\n  lb_target_group_arn    = aws_lb_target_group.${name}.arn\n}\n`;
const listener = (name: string, port: number, target: string) =>
  `resource "aws_lb_listener" "${name}" {\n  load_balancer_arn = aws_lb.nlb.arn\n  port              = ${port}\n  protocol          = "TCP"\n  default_action {\n    type             = "forward"\n    target_group_arn = aws_lb_target_group.${target}.arn\n  }\n}\n`;
const NLB = 'resource "aws_lb" "nlb" {\n  load_balancer_type               = "network"\n  internal                         = true\n  enable_cross_zone_load_balancing = true\n}\n';

function run(files: SourceFile[]) {
  const r = analyze(files, { traces: false });
  const text = (s: { file: string; start: number; end: number }) => files.find((f) => f.path === s.file)!.text.slice(s.start, s.end);
  return { r, text };
}

describe('one finding per target group (kind E)', () => {
  before(() => initTestGrammars());

  it('Terraform: three target groups, one behind two listeners: one finding per rule and target group, each on its own target group', () => {
    const { r, text } = run([{ path: 'tf/main.tf', text: NLB + tg('a', 31001) + tg('b', 31002) + tg('c', 31003, '  preserve_client_ip = false\n') + listener('a', 443, 'a') + listener('a2', 8443, 'a') + listener('b', 80, 'b') + listener('c', 81, 'c') }]);
    const got = r.findings.map((f) => `${f.ruleId} ${text(f.span)}`).sort();
    assert.deepEqual(got, ['HP101 resource "aws_lb_target_group" "a"', 'HP101 resource "aws_lb_target_group" "b"', 'HP103 resource "aws_lb_target_group" "a"', 'HP103 resource "aws_lb_target_group" "b"']);
    for (const f of r.findings) assert.match(f.message, /^Target group aws_lb_target_group\.[ab] \(port 3100[12]\): /);
    const hp103 = r.findings.find((f) => f.ruleId === 'HP103')!;
    assert.ok(hp103.related.some((x) => text(x.span) === 'true' && /load balancer setting/.test(x.message)), 'the shared cross-zone value is a related location');
    assert.equal(new Set(r.findings.map((f) => f.message)).size, r.findings.length, 'no two identical messages');
  });

  it('Terraform: a written preserve_client_ip is the target group\'s deciding value', () => {
    const { r, text } = run([{ path: 'tf/main.tf', text: NLB + tg('a', 31001, '  preserve_client_ip = true\n') + tg('b', 31002, '  preserve_client_ip = "true"\n') + listener('a', 443, 'a') + listener('b', 80, 'b') }]);
    const hp103 = r.findings.filter((f) => f.ruleId === 'HP103').map((f) => text(f.span)).sort();
    assert.deepEqual(hp103, ['"true"', 'true']);
  });

  it('Terraform: one target group behind two listeners, alone on its NLB: one finding, no target group prefix needed', () => {
    const { r } = run([{ path: 'tf/main.tf', text: NLB + tg('a', 31001) + listener('a', 443, 'a') + listener('a2', 8443, 'a') }]);
    assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), ['HP101', 'HP103']);
    assert.ok(r.findings.every((f) => !f.message.startsWith('Target group')));
    assert.equal(r.frontends.length, 2, 'both listeners are still simulated (traces, code lenses)');
  });

  it('CloudFormation: two target groups, each named', () => {
    const template = `${CFN_INTERNAL_CROSS_ZONE_NLB}  HttpsGroup:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Protocol: TCP
      Port: 30443
  HttpGroup:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Name: gateway-http
      Protocol: TCP
      Port: 30080
  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Nlb
      Port: 443
      Protocol: TCP
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref HttpsGroup
  Http:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Nlb
      Port: 80
      Protocol: TCP
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref HttpGroup
`;
    const { r, text } = run([{ path: 'cfn/stack.yaml', text: template }]);
    const hp103 = r.findings.filter((f) => f.ruleId === 'HP103');
    assert.equal(hp103.length, 2);
    assert.deepEqual(hp103.map((f) => /^Target group (.+?) \(port/.exec(f.message)?.[1]).sort(), ['HttpGroup ("gateway-http")', 'HttpsGroup']);
    assert.deepEqual(hp103.map((f) => text(f.span).split('\n')[0]).sort(), ['HttpGroup', 'HttpsGroup']);
  });

  it('the terraform-aws-alb module: two target_groups entries on one NLB are two findings per rule, each on its entry', () => {
    const mod = `module "nlb" {
  source             = "terraform-aws-modules/alb/aws"
  version            = "~> 9.0"
  load_balancer_type = "network"
  internal           = true
  listeners = {
    a = {
      port     = 443
      protocol = "TCP"
      forward  = { target_group_key = "a" }
    }
    b = {
      port     = 80
      protocol = "TCP"
      forward  = { target_group_key = "b" }
    }
  }
  target_groups = {
    a = {
      protocol          = "TCP"
      port              = 30443
      target_type       = "instance"
      create_attachment = false
    }
    b = {
      protocol          = "TCP"
      port              = 30080
      target_type       = "instance"
      create_attachment = false
    }
  }
}
`;
    const { r } = run([{ path: 'alb/main.tf', text: mod }]);
    const hp103 = r.findings.filter((f) => f.ruleId === 'HP103');
    assert.equal(hp103.length, 2);
    assert.notEqual(hp103[0]!.span.start, hp103[1]!.span.start, 'not piled on one line');
  });
});
