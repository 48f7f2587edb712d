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

describe('CDK reader, TypeScript: namespace import, local constants, addListener/addTargets', () => {
  const file = fixture('cdk/gateway-nlb-stack.ts');
  const facts = () => readFile(file);

  it('one NLB, the target group addTargets makes, one listener; ids by variable name', () => {
    const f = facts();
    assert.deepEqual(f.loadBalancers.map((l) => l.id), ['cdk:cdk/gateway-nlb-stack.ts:nlb']);
    assert.deepEqual(f.targetGroups.map((t) => t.id), ['cdk:cdk/gateway-nlb-stack.ts:listener/GatewayNodes']);
    assert.deepEqual(f.listeners.map((l) => [l.id, l.loadBalancerId, l.targetGroupId]), [
      ['cdk:cdk/gateway-nlb-stack.ts:listener', 'cdk:cdk/gateway-nlb-stack.ts:nlb', 'cdk:cdk/gateway-nlb-stack.ts:listener/GatewayNodes'],
    ]);
    assert.equal(f.targetGroups[0]!.loadBalancerId, 'cdk:cdk/gateway-nlb-stack.ts:nlb');
    assert.deepEqual(f.notices, []);
  });

  it('load balancer: head is the construct id, internal by default, cross-zone from a local constant', () => {
    const [lb] = facts().loadBalancers;
    assert.equal(textAt(file, lb!.head), "'GatewayNlb'");
    assert.equal(lb!.name, 'nlb');
    assert.deepEqual(at(file, lb!.manager), ['cdk', 'explicit', 'elbv2.NetworkLoadBalancer']);
    assert.deepEqual(at(file, lb!.scheme), ['internal', 'default', "'GatewayNlb'"]);
    assert.match(lb!.scheme.why!, /internetFacing defaults to false/);
    assert.deepEqual(at(file, lb!.crossZone), [true, 'explicit', 'crossZone']);
    assert.equal(lb!.crossZone.why, 'from the local constant crossZone');
  });

  it('addTargets target group: instance targets derived from InstanceTarget inside a map, preservation on by default', () => {
    const [tg] = facts().targetGroups;
    const targets = 'props.nodes.map((node) => new targets.InstanceTarget(node))';
    assert.equal(textAt(file, tg!.head), "'GatewayNodes'");
    assert.deepEqual(at(file, tg!.targetType), ['instance', 'inferred', targets]);
    assert.match(tg!.targetType.why!, /InstanceTarget registers instance targets/);
    assert.deepEqual(at(file, tg!.preserveClientIp), [true, 'default', targets]);
    assert.match(tg!.preserveClientIp.why!, /on by default for instance targets/);
    assert.deepEqual(at(file, tg!.protocol), ['TCP', 'default', "'GatewayNodes'"]);
    assert.deepEqual(at(file, tg!.proxyProtocolV2), [false, 'default', "'GatewayNodes'"]);
    assert.deepEqual(at(file, tg!.crossZone), ['inherit', 'default', "'GatewayNodes'"]);
    assert.deepEqual(at(file, tg!.port), [30443, 'explicit', 'GATEWAY_NODE_PORT']);
    assert.equal(tg!.port!.why, 'from the local constant GATEWAY_NODE_PORT');
  });

  it('listener: port, default TCP, tcpIdleTimeout as Duration.seconds', () => {
    const l = facts().listeners[0] as ListenerFacts;
    assert.deepEqual(at(file, l.port), [443, 'explicit', '443']);
    assert.deepEqual(at(file, l.protocol), ['TCP', 'default', "'Https'"]);
    assert.deepEqual(at(file, l.idleTimeoutSeconds), [600, 'explicit', 'cdk.Duration.seconds(600)']);
  });
});

describe('CDK reader, TypeScript: named and renamed imports, enums, constructor props', () => {
  const file = fixture('cdk/pod-targets-stack.ts');
  const facts = () => readFile(file);

  it('`this.nlb = new NetworkLoadBalancer(…)` and `NetworkTargetGroup as Ntg` are found and wired', () => {
    const f = facts();
    assert.deepEqual(f.loadBalancers.map((l) => l.id), ['cdk:cdk/pod-targets-stack.ts:nlb']);
    assert.deepEqual(f.targetGroups.map((t) => t.id), ['cdk:cdk/pod-targets-stack.ts:pods', 'cdk:cdk/pod-targets-stack.ts:nodes']);
    assert.deepEqual(f.listeners.map((l) => [l.id, l.targetGroupId]), [
      ['cdk:cdk/pod-targets-stack.ts:nlb/Tls', 'cdk:cdk/pod-targets-stack.ts:pods'],
      ['cdk:cdk/pod-targets-stack.ts:nlb/Tcp', 'cdk:cdk/pod-targets-stack.ts:nodes'],
    ]);
  });

  it('a constructor parameter is assumed, with the reason and an info notice at the value', () => {
    const f = facts();
    const [lb] = f.loadBalancers;
    assert.deepEqual(at(file, lb!.scheme), ['internal', 'explicit', 'false']);
    assert.deepEqual(at(file, lb!.crossZone), [false, 'assumed', 'props.crossZone']);
    assert.match(lb!.crossZone.why!, /props.crossZone comes from the constructor parameter props/);
    assert.equal(f.notices.length, 1);
    assert.equal(f.notices[0]!.level, 'info');
    assert.equal(textAt(file, f.notices[0]!.span!), 'props.crossZone');
  });

  it('TargetType.IP and Protocol.TCP enums; ip + TCP keeps preservation off by default', () => {
    const pods = facts().targetGroups[0]!;
    assert.deepEqual(at(file, pods.targetType), ['ip', 'explicit', 'TargetType.IP']);
    assert.deepEqual(at(file, pods.protocol), ['TCP', 'explicit', 'Protocol.TCP']);
    assert.deepEqual(at(file, pods.preserveClientIp), [false, 'default', 'TargetType.IP']);
    assert.deepEqual(at(file, pods.port), [8443, 'explicit', '8443']);
  });

  it('written preserveClientIp, proxyProtocolV2 and crossZoneEnabled on a NetworkTargetGroup', () => {
    const nodes = facts().targetGroups[1]!;
    assert.deepEqual(at(file, nodes.targetType), ['instance', 'default', "'NodeTargets'"]);
    assert.match(nodes.targetType.why!, /CloudFormation defaults to instance/);
    assert.deepEqual(at(file, nodes.preserveClientIp), [false, 'explicit', 'false']);
    assert.deepEqual(at(file, nodes.proxyProtocolV2), [true, 'explicit', 'true']);
    assert.deepEqual(at(file, nodes.crossZone), [true, 'explicit', 'true']);
  });
});

describe('CDK reader, TypeScript: other wiring', () => {
  const file = fixture('cdk/wiring.ts');
  const facts = () => readFile(file);
  const lb = (name: string) => facts().loadBalancers.find((l) => l.name === name)!;

  it('`import { aws_elasticloadbalancingv2 as lb } from "aws-cdk-lib"`; the ALB and its targets are not NLB facts', () => {
    const f = facts();
    assert.deepEqual(f.loadBalancers.map((l) => l.name), ['spread', 'fromContext', 'opaque']);
    assert.deepEqual(f.targetGroups.map((t) => t.id), ['cdk:cdk/wiring.ts:pods', 'cdk:cdk/wiring.ts:Http/NodePort']);
  });

  it('a spread of a local object constant is read through', () => {
    assert.deepEqual(at(file, lb('spread').crossZone), [true, 'explicit', 'true']);
    assert.equal(lb('spread').scheme.origin, 'default');
  });

  it('setAttribute wins over props; tryGetContext is assumed with its reason', () => {
    assert.deepEqual(at(file, lb('fromContext').crossZone), [true, 'explicit', "'true'"]);
    assert.deepEqual(at(file, lb('fromContext').scheme), ['internal', 'assumed', "this.node.tryGetContext('public')"]);
    assert.match(lb('fromContext').scheme.why!, /reads CDK context at synth time/);
  });

  it('props passed whole make every default an assumption, pointing at them', () => {
    assert.deepEqual(at(file, lb('opaque').crossZone), [false, 'assumed', 'props.nlbProps']);
    assert.deepEqual(at(file, lb('opaque').scheme), ['internal', 'assumed', 'props.nlbProps']);
  });

  it('NetworkListener construct with loadBalancer and defaultTargetGroups; addTarget(IpTarget) decides ip', () => {
    const f = facts();
    const pods = f.targetGroups[0]!;
    assert.deepEqual(at(file, pods.targetType), ['ip', 'inferred', "new targets.IpTarget('10.0.1.10')"]);
    const l = f.listeners.find((x) => x.targetGroupId === pods.id)!;
    assert.equal(l.loadBalancerId, lb('fromContext').id);
  });

  it('chained addListener(…).addTargets(…) with an AutoScalingGroup variable: instance targets', () => {
    const tg = facts().targetGroups[1]!;
    assert.deepEqual(at(file, tg.targetType), ['instance', 'inferred', 'asg']);
    assert.match(tg.targetType.why!, /AutoScalingGroup registers instance targets/);
    assert.equal(tg.loadBalancerId, lb('spread').id);
  });
});
