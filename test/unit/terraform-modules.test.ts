import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { initTestGrammars } from '../helpers/grammars';
import { evaluate, sliceOf, tfModule } from './terraform-fixtures';

function inline(text: string) {
  const sources: SourceFile[] = [{ path: 'inline/main.tf', text }];
  const [facts] = evaluate(sources);
  assert.ok(facts);
  return { facts, at: sliceOf(sources) };
}

describe('Terraform community modules', () => {
  before(() => initTestGrammars());

  it('terraform-aws-modules/alb/aws v9 as an NLB: module defaults, target_groups and listeners by key', () => {
    const { facts, at } = tfModule('alb-module');
    const [lb] = facts.loadBalancers;
    assert.ok(lb);
    assert.equal(lb.id, 'tf:terraform/alb-module:module.nlb.aws_lb.this');
    assert.equal(at(lb.head), 'module "nlb"');
    assert.deepEqual([lb.scheme.value, at(lb.scheme.span)], ['internal', 'true']);
    // Not written: the module's default is true, unlike AWS's.
    assert.deepEqual([lb.crossZone.value, lb.crossZone.origin, at(lb.crossZone.span)], [true, 'default', 'module "nlb"']);
    assert.match(lb.crossZone.why!, /terraform-aws-modules\/alb\/aws \(v9\+\): enable_cross_zone_load_balancing defaults to true/);
    const [tg] = facts.targetGroups;
    assert.ok(tg);
    assert.equal(tg.id, 'tf:terraform/alb-module:module.nlb.aws_lb_target_group.this["gateway"]');
    assert.equal(tg.loadBalancerId, lb.id);
    assert.equal(at(tg.head), 'gateway');
    assert.deepEqual([tg.targetType.value, at(tg.targetType.span)], ['instance', '"instance"']);
    assert.deepEqual([tg.protocol.value, at(tg.protocol.span)], ['TCP', '"TCP"']);
    assert.deepEqual([tg.port?.value, at(tg.port?.span)], [30443, '30443']);
    assert.deepEqual([tg.preserveClientIp.value, tg.preserveClientIp.origin], [true, 'default']);
    assert.deepEqual([tg.proxyProtocolV2.value, tg.crossZone.value], [false, 'inherit']);
    assert.ok(tg.aliases?.includes('module.nlb.target_groups["gateway"].arn'));
    const [listener] = facts.listeners;
    assert.equal(listener?.targetGroupId, tg.id);
    assert.deepEqual([listener?.port.value, at(listener?.port.span)], [443, '443']);
    // create_attachment = false: the module records no attachment; only the node group's own attachment is there
    const attachments = facts.terraform?.kind === 'module' ? facts.terraform.attachments : [];
    assert.deepEqual(attachments.map((a) => a.address), ['aws_autoscaling_attachment.nodes']);
  });

  it('alb module: every target-group setting, registry and git sources, and an implicit listener per target group', () => {
    const text = `module "nlb" {
  source = "git::https://github.com/terraform-aws-modules/terraform-aws-alb.git?ref=v9.11.0"
  load_balancer_type = "network"
  enable_cross_zone_load_balancing = false
  target_groups = {
    a = {
      target_type = "ip"
      protocol = "TCP"
      port = 8443
      preserve_client_ip = true
      proxy_protocol_v2 = true
      load_balancing_cross_zone_enabled = true
      target_id = "10.0.1.15"
    }
    b = {
      protocol = "TCP"
    }
    fn = {
      target_type = "lambda"
    }
  }
}
`;
    const { facts, at } = inline(text);
    const lb = facts.loadBalancers[0]!;
    assert.deepEqual([lb.crossZone.value, lb.crossZone.origin, at(lb.crossZone.span)], [false, 'explicit', 'false']);
    assert.deepEqual([lb.scheme.value, lb.scheme.origin], ['internet-facing', 'default']);
    const [a, b] = facts.targetGroups;
    assert.equal(facts.targetGroups.length, 2, 'lambda target groups are not modelled');
    assert.deepEqual([a!.targetType.value, a!.preserveClientIp.value, at(a!.preserveClientIp.span), a!.proxyProtocolV2.value, a!.crossZone.value], ['ip', true, 'true', true, true]);
    assert.deepEqual([b!.port?.value, b!.port?.origin], [80, 'default']);
    assert.match(b!.port!.why!, /var\.default_port/);
    // No listeners map: a listener on each target group's own port.
    assert.deepEqual(facts.listeners.map((l) => [l.port.value, l.port.origin]), [[8443, 'inferred'], [80, 'inferred']]);
    const att = facts.terraform?.kind === 'module' ? facts.terraform.attachments[0] : undefined;
    assert.deepEqual([att?.targetGroupId, att?.targetId?.value], [a!.id, '10.0.1.15']);
    // Registry source with a host, and `//` form
    assert.equal(inline(text.replace(/source = .*/, 'source = "registry.terraform.io/terraform-aws-modules/alb/aws"')).facts.loadBalancers.length, 1);
    assert.equal(inline(text.replace(/source = .*/, 'source = "terraform-aws-modules/alb/aws//"')).facts.loadBalancers.length, 1);
    assert.equal(inline(text.replace(/source = .*/, 'source = "terraform-aws-modules/alb/aws//modules/lb_trust_store"')).facts.loadBalancers.length, 0);
    assert.equal(inline(text.replace('"network"', '"application"')).facts.loadBalancers.length, 0);
  });

  it('alb module v8: lists, backend_protocol/backend_port, target_group_index, cross-zone off by default', () => {
    const { facts, at } = tfModule('alb-module-v8');
    const lb = facts.loadBalancers[0]!;
    assert.deepEqual([lb.crossZone.value, lb.crossZone.origin], [false, 'default']);
    assert.match(lb.crossZone.why!, /before v9/);
    const tg = facts.targetGroups[0]!;
    assert.deepEqual([tg.targetType.value, tg.protocol.value, tg.port?.value, at(tg.port?.span)], ['ip', 'TCP', 30443, '30443']);
    assert.deepEqual([tg.preserveClientIp.value, tg.preserveClientIp.origin], [false, 'default']);
    assert.equal(facts.listeners[0]?.targetGroupId, tg.id);
    assert.equal(facts.listeners[0]?.port.value, 443);
  });

  it('terraform-aws-modules/eks/aws: node groups become cluster hints with desired sizes', () => {
    const { facts, at } = tfModule('eks');
    const hints = facts.clusterHints;
    assert.deepEqual(
      hints.map((h) => (h.kind === 'node-group' ? [h.name, h.desiredSize.value, h.desiredSize.origin] : [])),
      [
        ['general', 6, 'explicit'],
        ['spot', 1, 'default'],
      ],
    );
    const [general, spot] = hints;
    assert.ok(general?.kind === 'node-group' && spot?.kind === 'node-group');
    assert.equal(at(general.desiredSize.span), '6');
    assert.match(general.desiredSize.why!, /var\.general_nodes/);
    assert.equal(at(spot.desiredSize.span), 'spot');
    assert.match(spot.desiredSize.why!, /terraform-aws-modules\/eks\/aws: a managed node group's desired_size defaults to 1 \(min_size 1, max_size 3\)/);
    assert.equal(general.file, 'terraform/eks/main.tf');
  });

  it('eks defaults block, the node-group submodule and aws_eks_node_group', () => {
    const text = `module "eks" {
  source = "terraform-aws-modules/eks/aws"
  eks_managed_node_group_defaults = {
    desired_size = 4
  }
  eks_managed_node_groups = {
    one = {}
  }
}
module "extra" {
  source = "terraform-aws-modules/eks/aws//modules/eks-managed-node-group"
  name = "extra"
  desired_size = 2
}
resource "aws_eks_node_group" "ng" {
  node_group_name = "ng"
  scaling_config {
    desired_size = 5
    min_size = 1
    max_size = 9
  }
}
`;
    const { facts } = inline(text);
    assert.deepEqual(
      facts.clusterHints.map((h) => (h.kind === 'node-group' ? [h.name, h.desiredSize.value] : [])),
      [
        ['one', 4],
        ['extra', 2],
        ['ng', 5],
      ],
    );
    const one = facts.clusterHints[0]!;
    assert.ok(one.kind === 'node-group' && /eks_managed_node_group_defaults/.test(one.desiredSize.why!));
  });
});
