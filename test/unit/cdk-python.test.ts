import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Sourced } from '../../server/src/core/model/sourced';
import type { SourceFile } from '../../server/src/core/model/workspace';
import type { ListenerFacts } from '../../server/src/core/model/aws-defaults';
import { readFile } from '../../server/src/core/parse/read-file';
import { fixture, textAt } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';

function at<T>(file: SourceFile, s: Sourced<T> | undefined): [T | undefined, string | undefined, string | undefined] {
  return [s?.value, s?.origin, s?.span ? textAt(file, s.span) : undefined];
}

before(() => initTestGrammars());

describe('CDK reader, Python: snake_case keyword arguments', () => {
  const file = fixture('cdk/gateway_nlb_stack.py');
  const facts = () => readFile(file);

  it('reads the NLB, the add_targets target group, an ip NetworkTargetGroup and two listeners', () => {
    const f = facts();
    assert.deepEqual(f.loadBalancers.map((l) => l.id), ['cdk:cdk/gateway_nlb_stack.py:nlb']);
    assert.deepEqual(f.targetGroups.map((t) => t.id), ['cdk:cdk/gateway_nlb_stack.py:listener/GatewayNodes', 'cdk:cdk/gateway_nlb_stack.py:ips']);
    assert.deepEqual(f.listeners.map((l) => [l.id, l.targetGroupId]), [
      ['cdk:cdk/gateway_nlb_stack.py:listener', 'cdk:cdk/gateway_nlb_stack.py:listener/GatewayNodes'],
      ['cdk:cdk/gateway_nlb_stack.py:nlb/Pods', 'cdk:cdk/gateway_nlb_stack.py:ips'],
    ]);
    assert.deepEqual(f.notices, []);
  });

  it('internet_facing=False and cross_zone_enabled from a module constant', () => {
    const [lb] = facts().loadBalancers;
    assert.equal(textAt(file, lb!.head), '"GatewayNlb"');
    assert.deepEqual(at(file, lb!.scheme), ['internal', 'explicit', 'False']);
    assert.deepEqual(at(file, lb!.crossZone), [true, 'explicit', 'CROSS_ZONE']);
    assert.equal(lb!.crossZone.why, 'from the local constant CROSS_ZONE');
  });

  it('add_targets: instance targets from a comprehension over InstanceTarget; preservation on by default', () => {
    const [tg] = facts().targetGroups;
    const targets = '[targets.InstanceTarget(node) for node in nodes]';
    assert.deepEqual(at(file, tg!.targetType), ['instance', 'inferred', targets]);
    assert.deepEqual(at(file, tg!.preserveClientIp), [true, 'default', targets]);
    assert.deepEqual(at(file, tg!.port), [30443, 'explicit', 'GATEWAY_NODE_PORT']);
    assert.deepEqual(at(file, tg!.crossZone), ['inherit', 'default', '"GatewayNodes"']);
  });

  it('target_type=elbv2.TargetType.IP, proxy_protocol_v2=False, default_target_groups', () => {
    const ips = facts().targetGroups[1]!;
    assert.deepEqual(at(file, ips.targetType), ['ip', 'explicit', 'elbv2.TargetType.IP']);
    assert.deepEqual(at(file, ips.preserveClientIp), [false, 'default', 'elbv2.TargetType.IP']);
    assert.deepEqual(at(file, ips.proxyProtocolV2), [false, 'explicit', 'False']);
    assert.deepEqual(at(file, ips.port), [8443, 'explicit', '8443']);
    const l = facts().listeners[1] as ListenerFacts;
    assert.deepEqual(at(file, l.port), [8443, 'explicit', '8443']);
    assert.deepEqual(at(file, l.idleTimeoutSeconds), [350, 'default', '"Pods"']);
  });
});

describe('CDK reader, Python: self attributes, preserve_client_ip', () => {
  it('self.nlb / self.listener are followed; preserve_client_ip=False is explicit', () => {
    const file = fixture('cdk/preservation-off.py');
    const f = readFile(file);
    assert.deepEqual(f.loadBalancers.map((l) => l.id), ['cdk:cdk/preservation-off.py:nlb']);
    assert.equal(f.listeners[0]!.loadBalancerId, 'cdk:cdk/preservation-off.py:nlb');
    const [tg] = f.targetGroups;
    assert.deepEqual(at(file, tg!.preserveClientIp), [false, 'explicit', 'False']);
    assert.deepEqual(at(file, tg!.targetType), ['instance', 'inferred', '[InstanceTarget(node) for node in nodes]']);
    assert.deepEqual(at(file, f.loadBalancers[0]!.crossZone), [true, 'explicit', 'True']);
  });
});

describe('CDK reader, Python: other wiring', () => {
  const file = fixture('cdk/wiring.py');
  const facts = () => readFile(file);

  it('renamed class import, weighted_forward, add_target_groups and set_attribute', () => {
    const f = facts();
    assert.deepEqual(f.targetGroups.map((t) => t.id), ['cdk:cdk/wiring.py:nodes', 'cdk:cdk/wiring.py:pods']);
    assert.deepEqual(f.listeners.map((l) => [l.id, l.targetGroupId]), [
      ['cdk:cdk/wiring.py:listener', 'cdk:cdk/wiring.py:nodes'],
      ['cdk:cdk/wiring.py:listener/pods', 'cdk:cdk/wiring.py:pods'],
    ]);
    const [nodes, pods] = f.targetGroups;
    assert.deepEqual(at(file, nodes!.targetType), ['instance', 'explicit', 'TargetType.INSTANCE']);
    assert.deepEqual(at(file, nodes!.proxyProtocolV2), [true, 'explicit', '"true"']);
    assert.deepEqual(at(file, pods!.targetType), ['ip', 'inferred', 'targets.IpTarget("10.0.1.10")']);
    assert.deepEqual(at(file, pods!.preserveClientIp), [true, 'explicit', 'True']);
  });

  it('os.environ and **kwargs are assumed, said in snake_case', () => {
    const [lb] = facts().loadBalancers;
    assert.deepEqual(at(file, lb!.crossZone), [false, 'assumed', 'os.environ.get("CROSS_ZONE") == "1"']);
    assert.match(lb!.crossZone.why!, /^nlb.cross_zone_enabled: .* reads the environment at synth time/);
    assert.deepEqual(at(file, lb!.scheme), ['internal', 'assumed', 'extra']);
    assert.match(lb!.scheme.why!, /^nlb.internet_facing may be set by extra/);
  });
});
