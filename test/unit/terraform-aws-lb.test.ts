import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { initTestGrammars } from '../helpers/grammars';
import { evaluate, sliceOf, tfModule } from './terraform-fixtures';

function inline(files: Record<string, string>) {
  const sources: SourceFile[] = Object.entries(files).map(([name, text]) => ({ path: `inline/${name}`, text }));
  const [facts] = evaluate(sources);
  assert.ok(facts);
  return { facts, at: sliceOf(sources) };
}

const NLB = `resource "aws_lb" "nlb" {
  load_balancer_type = "network"
}
resource "aws_lb_listener" "l" {
  load_balancer_arn = aws_lb.nlb.arn
  port              = 443
  protocol          = "TCP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.tg.arn
  }
}
`;

describe('Terraform aws_lb, aws_lb_target_group and aws_lb_listener', () => {
  before(() => initTestGrammars());

  it('reads the plain module split over main.tf, variables.tf and terraform.tfvars', () => {
    const { facts, at } = tfModule('plain');
    assert.equal(facts.file, 'terraform/plain');
    const [lb] = facts.loadBalancers;
    assert.ok(lb);
    assert.equal(lb.id, 'tf:terraform/plain:aws_lb.ingress');
    assert.equal(lb.file, 'terraform/plain/main.tf');
    assert.equal(at(lb.head), 'resource "aws_lb" "ingress"');
    assert.equal(lb.manager.value, 'terraform');
    // internal = var.internal, whose default (in variables.tf) is true
    assert.equal(lb.scheme.value, 'internal');
    assert.equal(lb.scheme.origin, 'explicit');
    assert.equal(lb.scheme.span?.file, 'terraform/plain/variables.tf');
    assert.equal(at(lb.scheme.span), 'true');
    assert.match(lb.scheme.why!, /default of var\.internal \(variables\.tf\)/);
    // enable_cross_zone_load_balancing = var.cross_zone: false by default, true in terraform.tfvars
    assert.equal(lb.crossZone.value, true);
    assert.equal(lb.crossZone.span?.file, 'terraform/plain/terraform.tfvars');
    assert.equal(at(lb.crossZone.span), 'true');
    assert.match(lb.crossZone.why!, /var\.cross_zone set in terraform\.tfvars/);

    const [tg] = facts.targetGroups;
    assert.ok(tg);
    assert.equal(tg.id, 'tf:terraform/plain:aws_lb_target_group.ingress');
    assert.equal(tg.loadBalancerId, lb.id);
    assert.equal(at(tg.head), 'resource "aws_lb_target_group" "ingress"');
    assert.deepEqual([tg.targetType.value, tg.targetType.origin], ['instance', 'default']);
    assert.match(tg.targetType.why!, /target_type defaults to instance/);
    assert.equal(at(tg.targetType.span), 'resource "aws_lb_target_group" "ingress"');
    assert.deepEqual([tg.protocol.value, at(tg.protocol.span)], ['TCP', '"TCP"']);
    assert.equal(tg.port?.value, 31443);
    assert.equal(at(tg.port?.span), '31443');
    assert.match(tg.port!.why!, /local\.node_port/);
    assert.equal(tg.name?.value, 'prod-ingress-https');
    assert.equal(at(tg.name?.span), '"${var.env}-ingress-https"');
    assert.match(tg.name!.why!, /var\.env set in terraform\.tfvars/);
    assert.deepEqual([tg.preserveClientIp.value, tg.preserveClientIp.origin], [true, 'default']);
    assert.match(tg.preserveClientIp.why!, /on by default for instance targets/);
    assert.deepEqual([tg.proxyProtocolV2.value, tg.proxyProtocolV2.origin], [false, 'default']);
    assert.deepEqual([tg.crossZone.value, tg.crossZone.origin], ['inherit', 'default']);
    assert.match(tg.crossZone.why!, /use_load_balancer_configuration/);
    assert.deepEqual(tg.aliases, ['aws_lb_target_group.ingress.arn', 'aws_lb_target_group.ingress', 'prod-ingress-https']);

    const [listener] = facts.listeners;
    assert.ok(listener);
    assert.equal(listener.id, 'tf:terraform/plain:aws_lb_listener.https');
    assert.equal(listener.loadBalancerId, lb.id);
    assert.equal(listener.targetGroupId, tg.id);
    assert.deepEqual([listener.port.value, at(listener.port.span)], [443, '443']);
  });

  it('records the listener idle timeout and the attachments as raw facts', () => {
    const { facts, at } = tfModule('plain');
    assert.equal(facts.terraform?.kind, 'module');
    if (facts.terraform?.kind !== 'module') return;
    const [l] = facts.terraform.listeners;
    assert.deepEqual(l?.listenerIds, ['tf:terraform/plain:aws_lb_listener.https']);
    assert.deepEqual([l?.idleTimeoutSeconds.value, l?.idleTimeoutSeconds.origin, at(l?.idleTimeoutSeconds.span)], [600, 'explicit', '600']);
    assert.equal(l?.protocol.value, 'TCP');
    const asg = facts.terraform.attachments.find((a) => a.kind === 'autoscaling-attachment');
    assert.equal(asg?.targetGroupId, 'tf:terraform/plain:aws_lb_target_group.ingress');
    assert.equal(asg?.autoscalingGroup?.origin, 'assumed');
    assert.match(asg!.autoscalingGroup!.why!, /var\.node_asg_name has no default/);
    const tga = facts.terraform.attachments.find((a) => a.kind === 'target-group-attachment');
    assert.equal(tga?.targetGroupId, 'tf:terraform/plain:aws_lb_target_group.ingress');
    assert.equal(tga?.targetId?.value, 'aws_instance.bastion.id');
    assert.deepEqual([tga?.port?.value, at(tga?.port?.span)], [31443, '31443']);
    assert.equal(at(tga?.head), 'resource "aws_lb_target_group_attachment" "bastion"');
  });

  it('unwritten settings take the AWS and Terraform defaults, placed on the resource head', () => {
    const { facts, at } = inline({ 'main.tf': `${NLB}resource "aws_lb_target_group" "tg" {\n  port = 30080\n}\n` });
    const [lb] = facts.loadBalancers;
    assert.deepEqual([lb?.scheme.value, lb?.scheme.origin, at(lb?.scheme.span)], ['internet-facing', 'default', 'resource "aws_lb" "nlb"']);
    assert.match(lb!.scheme.why!, /internal defaults to false/);
    assert.deepEqual([lb?.crossZone.value, lb?.crossZone.origin], [false, 'default']);
    assert.match(lb!.crossZone.why!, /off by default for Network Load Balancers/);
    const [tg] = facts.targetGroups;
    assert.equal(tg?.protocol.origin, 'assumed');
    assert.deepEqual([tg?.preserveClientIp.value, at(tg?.preserveClientIp.span)], [true, 'resource "aws_lb_target_group" "tg"']);
    assert.equal(tg?.name, undefined);
    const timeout = facts.terraform?.kind === 'module' ? facts.terraform.listeners[0]?.idleTimeoutSeconds : undefined;
    assert.deepEqual([timeout?.value, timeout?.origin], [350, 'default']);
  });

  it('written values: strings and bools for preserve_client_ip, the three cross-zone settings, ip targets', () => {
    const tg = (body: string) => inline({ 'main.tf': `${NLB}resource "aws_lb_target_group" "tg" {\n${body}\n}\n` });
    let r = tg('  target_type = "ip"\n  protocol = "TCP"\n  preserve_client_ip = "true"\n  proxy_protocol_v2 = true\n  load_balancing_cross_zone_enabled = "false"');
    let t = r.facts.targetGroups[0]!;
    assert.deepEqual([t.targetType.value, t.targetType.origin, r.at(t.targetType.span)], ['ip', 'explicit', '"ip"']);
    assert.deepEqual([t.preserveClientIp.value, t.preserveClientIp.origin, r.at(t.preserveClientIp.span)], [true, 'explicit', '"true"']);
    assert.deepEqual([t.proxyProtocolV2.value, r.at(t.proxyProtocolV2.span)], [true, 'true']);
    assert.deepEqual([t.crossZone.value, r.at(t.crossZone.span)], [false, '"false"']);
    r = tg('  target_type = "ip"\n  protocol = "tcp"\n  preserve_client_ip = false\n  load_balancing_cross_zone_enabled = "use_load_balancer_configuration"');
    t = r.facts.targetGroups[0]!;
    assert.deepEqual([t.preserveClientIp.value, t.preserveClientIp.origin], [false, 'explicit']);
    assert.deepEqual([t.crossZone.value, t.crossZone.origin], ['inherit', 'explicit']);
    assert.equal(t.protocol.value, 'TCP');
    // ip targets: off by default for TCP, always on for UDP; the default sits on the target type
    r = tg('  target_type = "ip"\n  protocol = "TCP"');
    t = r.facts.targetGroups[0]!;
    assert.deepEqual([t.preserveClientIp.value, t.preserveClientIp.origin, r.at(t.preserveClientIp.span)], [false, 'default', '"ip"']);
    assert.match(t.preserveClientIp.why!, /off by default for ip targets with TCP or TLS/);
    r = tg('  target_type = "ip"\n  protocol = "UDP"');
    assert.equal(r.facts.targetGroups[0]!.preserveClientIp.value, true);
    // A value that is not a bool keeps the default and says so.
    r = tg('  preserve_client_ip = "yes"');
    assert.equal(r.facts.targetGroups[0]!.preserveClientIp.origin, 'default');
    assert.match(r.facts.notices[0]!.message, /preserve_client_ip = "yes" is not a valid value/);
  });

  it('only Network Load Balancers become models; ALBs and their target groups are left out', () => {
    const alb = NLB.replace('load_balancer_type = "network"', 'load_balancer_type = "application"');
    const { facts } = inline({ 'main.tf': `${alb}resource "aws_lb_target_group" "tg" {\n  port = 80\n  protocol = "HTTP"\n}\n` });
    assert.deepEqual([facts.loadBalancers.length, facts.targetGroups.length, facts.listeners.length], [0, 0, 0]);
    const implicit = NLB.replace('  load_balancer_type = "network"\n', '');
    assert.equal(inline({ 'main.tf': implicit }).facts.loadBalancers.length, 0, 'load_balancer_type defaults to application');
  });

  it('aws_alb aliases, count = 0, and forward { target_group {} } with two groups', () => {
    const text = `resource "aws_alb" "nlb" {
  load_balancer_type = "network"
}
resource "aws_alb_target_group" "a" {
  port = 30001
  protocol = "TCP"
}
resource "aws_lb_target_group" "b" {
  port = 30002
  protocol = "TCP"
}
resource "aws_lb_target_group" "off" {
  count = 0
  port  = 30003
}
resource "aws_alb_listener" "l" {
  load_balancer_arn = aws_alb.nlb.arn
  port = 443
  default_action {
    type = "forward"
    forward {
      target_group {
        arn = aws_alb_target_group.a.arn
      }
      target_group {
        arn = aws_lb_target_group.b.arn
      }
    }
  }
}
`;
    const { facts } = inline({ 'main.tf': text });
    assert.deepEqual(facts.loadBalancers.map((l) => l.id), ['tf:inline:aws_alb.nlb']);
    assert.deepEqual(facts.targetGroups.map((t) => t.port?.value), [30001, 30002]);
    assert.deepEqual(facts.listeners.map((l) => l.id), ['tf:inline:aws_alb_listener.l#aws_alb_target_group.a', 'tf:inline:aws_alb_listener.l#aws_lb_target_group.b']);
  });

  it('tfvars precedence: *.auto.tfvars over terraform.tfvars over the default; other .tfvars only as an assumption', () => {
    const files = {
      'main.tf': `${NLB}resource "aws_lb_target_group" "tg" {\n  port = var.port\n  preserve_client_ip = var.preserve\n}\n`,
      'variables.tf': 'variable "port" {\n  default = 30000\n}\nvariable "preserve" {}\n',
      'terraform.tfvars': 'port = 30001\n',
      'b.auto.tfvars': 'port = 30003\n',
      'a.auto.tfvars': 'port = 30002\n',
      'prod.tfvars': 'preserve = "false"\n',
    };
    const { facts, at } = inline(files);
    const tg = facts.targetGroups[0]!;
    assert.deepEqual([tg.port?.value, tg.port?.span?.file], [30003, 'inline/b.auto.tfvars']);
    assert.deepEqual([tg.preserveClientIp.value, tg.preserveClientIp.origin, at(tg.preserveClientIp.span)], [false, 'assumed', '"false"']);
    assert.match(tg.preserveClientIp.why!, /applies that file only with -var-file/);
  });

  it('a value that cannot be known is assumed, with the reason, at the place it is used', () => {
    const files = {
      'main.tf': `${NLB}resource "aws_lb_target_group" "tg" {\n  port = 30000\n  preserve_client_ip = var.preserve\n  proxy_protocol_v2 = lower(var.x) == "on"\n}\nvariable "preserve" {}\n`,
    };
    const { facts, at } = inline(files);
    const tg = facts.targetGroups[0]!;
    assert.deepEqual([tg.preserveClientIp.value, tg.preserveClientIp.origin, at(tg.preserveClientIp.span)], [true, 'assumed', 'var.preserve']);
    assert.match(tg.preserveClientIp.why!, /var\.preserve has no default and no value in terraform\.tfvars/);
    assert.match(tg.preserveClientIp.why!, /assuming true \(AWS target group attributes: client IP preservation is on by default for instance targets/);
    assert.equal(tg.proxyProtocolV2.origin, 'assumed');
    assert.match(tg.proxyProtocolV2.why!, /var\.x is not declared/);
  });

  it('an unknown load_balancer_type is taken as network when a listener speaks TCP, with a notice', () => {
    const text = NLB.replace('"network"', 'var.type') + 'variable "type" {}\nresource "aws_lb_target_group" "tg" {\n  port = 30000\n}\n';
    const { facts } = inline({ 'main.tf': text });
    assert.equal(facts.loadBalancers.length, 1);
    assert.equal(facts.loadBalancers[0]!.manager.origin, 'inferred');
    assert.match(facts.notices[0]!.message, /treated as a Network Load Balancer because aws_lb_listener\.l listens on TCP/);
  });

  it('conditionals, count from a variable, merge/lookup/try and locals chains evaluate', () => {
    const text = `${NLB}
locals {
  settings = merge({ preserve = "true" }, { preserve = "false" })
  port     = var.enabled ? 30080 : 30090
}
variable "enabled" {
  default = true
}
resource "aws_lb_target_group" "tg" {
  count = var.enabled ? 1 : 0
  port = local.port
  preserve_client_ip = lookup(local.settings, "preserve", "true")
  proxy_protocol_v2 = try(local.settings.proxy, false)
}
`;
    const { facts, at } = inline({ 'main.tf': text });
    const tg = facts.targetGroups[0]!;
    assert.equal(tg.port?.value, 30080);
    assert.deepEqual([tg.preserveClientIp.value, at(tg.preserveClientIp.span)], [false, '"false"']);
    assert.deepEqual([tg.proxyProtocolV2.value, at(tg.proxyProtocolV2.span)], [false, 'false']);
  });

  it('a target group cut short by a syntax error: what was read counts, what was not is assumed, not defaulted silently', () => {
    const text = `${NLB}resource "aws_lb_target_group" "tg" {\n  port = 30080\n  name = "oops\n  preserve_client_ip = "false"\n}\n`;
    const { facts, at } = inline({ 'main.tf': text });
    assert.equal(facts.notices.length, 0, 'the syntax notice belongs to the file (readTerraformFile), not to the module');
    const tg = facts.targetGroups[0]!;
    assert.deepEqual([tg.port?.value, at(tg.port?.span)], [30080, '30080']);
    assert.deepEqual([tg.preserveClientIp.value, tg.preserveClientIp.origin], [true, 'assumed']);
    assert.match(tg.preserveClientIp.why!, /preserve_client_ip was not read: a syntax error cuts the block short/);
  });
});
