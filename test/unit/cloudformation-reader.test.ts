import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Sourced } from '../../server/src/core/model/sourced';
import type { SourceFile } from '../../server/src/core/model/workspace';
import type { ListenerFacts } from '../../server/src/core/model/aws-defaults';
import { readFile } from '../../server/src/core/parse/read-file';
import { fixture, textAt } from '../helpers/fixtures';

/** Value, origin and the text its span covers, in one comparable tuple. */
function at<T>(file: SourceFile, s: Sourced<T> | undefined): [T | undefined, string | undefined, string | undefined] {
  return [s?.value, s?.origin, s?.span ? textAt(file, s.span) : undefined];
}

function read(path: string) {
  const file = fixture(path);
  return { file, facts: readFile(file) };
}

describe('CloudFormation reader: YAML with short intrinsic tags and Parameters', () => {
  const { file, facts } = read('cloudformation/internal-nlb.yaml');
  const lb = facts.loadBalancers[0]!;
  const tg = facts.targetGroups[0]!;
  const listener = facts.listeners[0]! as ListenerFacts;

  it('reads one NLB, one target group and one listener, joined by cfn:<file>:<LogicalId> ids, without notices', () => {
    assert.deepEqual(
      [facts.loadBalancers.length, facts.targetGroups.length, facts.listeners.length, facts.notices.length, facts.services.length],
      [1, 1, 1, 0, 0],
    );
    assert.equal(lb.id, 'cfn:cloudformation/internal-nlb.yaml:GatewayNLB');
    assert.equal(tg.id, 'cfn:cloudformation/internal-nlb.yaml:GatewayTargetGroup');
    assert.equal(listener.id, 'cfn:cloudformation/internal-nlb.yaml:GatewayListener');
    assert.equal(listener.loadBalancerId, lb.id);
    assert.equal(listener.targetGroupId, tg.id);
    assert.equal(tg.loadBalancerId, lb.id, 'the target group belongs to the load balancer of the listener that forwards to it');
  });

  it('heads are the logical id keys', () => {
    assert.equal(textAt(file, lb.head), 'GatewayNLB');
    assert.equal(textAt(file, tg.head), 'GatewayTargetGroup');
    assert.equal(lb.name, 'GatewayNLB');
    assert.equal(lb.file, 'cloudformation/internal-nlb.yaml');
  });

  it('load balancer: manager from the resource Type, Scheme written, cross-zone through !Ref to a Parameter Default', () => {
    assert.deepEqual(at(file, lb.manager), ['cloudformation', 'explicit', 'AWS::ElasticLoadBalancingV2::LoadBalancer']);
    assert.deepEqual(at(file, lb.scheme), ['internal', 'explicit', 'internal']);
    assert.deepEqual(at(file, lb.crossZone), [true, 'explicit', '!Ref CrossZone']);
    assert.match(lb.crossZone.why!, /parameter CrossZone's Default; a deployment can pass another value/);
  });

  it('target group: instance by default, preservation on by default, proxy off, cross-zone inherited, port from a Parameter, Name', () => {
    assert.deepEqual(at(file, tg.targetType), ['instance', 'default', 'GatewayTargetGroup']);
    assert.match(tg.targetType.why!, /TargetType defaults to instance/);
    assert.deepEqual(at(file, tg.protocol), ['TCP', 'explicit', 'TCP']);
    assert.deepEqual(at(file, tg.preserveClientIp), [true, 'default', 'GatewayTargetGroup']);
    assert.match(tg.preserveClientIp.why!, /on by default for instance targets/);
    assert.deepEqual(at(file, tg.proxyProtocolV2), [false, 'default', 'GatewayTargetGroup']);
    assert.match(tg.proxyProtocolV2.why!, /proxy_protocol_v2.enabled defaults to false/);
    assert.deepEqual(at(file, tg.crossZone), ['inherit', 'default', 'GatewayTargetGroup']);
    assert.match(tg.crossZone.why!, /use_load_balancer_configuration/);
    assert.deepEqual(at(file, tg.port), [30443, 'explicit', '!Ref GatewayNodePort']);
    assert.deepEqual(at(file, tg.name), ['istio-gateway-https', 'explicit', 'istio-gateway-https']);
  });

  it('listener: port, protocol and the tcp.idle_timeout.seconds attribute kept for the idle-timeout rule', () => {
    assert.deepEqual(at(file, listener.port), [443, 'explicit', '443']);
    assert.deepEqual(at(file, listener.protocol), ['TCP', 'explicit', 'TCP']);
    assert.deepEqual(at(file, listener.idleTimeoutSeconds), [600, 'explicit', "'600'"]);
  });
});

describe('CloudFormation reader: written attributes, !GetAtt and ForwardConfig', () => {
  const { file, facts } = read('cloudformation/preservation-off.yaml');
  const lb = facts.loadBalancers[0]!;
  const tg = facts.targetGroups[0]!;
  const listener = facts.listeners[0]! as ListenerFacts;

  it('each attribute value carries its own span', () => {
    assert.deepEqual(at(file, lb.crossZone), [true, 'explicit', '"true"']);
    assert.deepEqual(at(file, tg.targetType), ['instance', 'explicit', 'instance']);
    assert.deepEqual(at(file, tg.preserveClientIp), [false, 'explicit', '"false"']);
    assert.deepEqual(at(file, tg.proxyProtocolV2), [true, 'explicit', '"true"']);
    assert.deepEqual(at(file, tg.crossZone), ['inherit', 'explicit', 'use_load_balancer_configuration']);
    assert.deepEqual(at(file, tg.port), [30443, 'explicit', '30443']);
    assert.equal(tg.name, undefined);
  });

  it('!GetAtt Nlb.LoadBalancerArn and ForwardConfig.TargetGroups with !GetAtt [Tg, TargetGroupArn] join', () => {
    assert.equal(listener.loadBalancerId, lb.id);
    assert.equal(listener.targetGroupId, tg.id);
  });

  it('TLS listeners have a fixed 350 s idle timeout (a default, at the listener head)', () => {
    assert.deepEqual(at(file, listener.protocol), ['TLS', 'explicit', 'TLS']);
    assert.deepEqual(at(file, listener.idleTimeoutSeconds), [350, 'default', 'IngressListener']);
    assert.match(listener.idleTimeoutSeconds!.why!, /fixed 350 s/);
  });

  it('resources of other types (a certificate) are ignored', () => {
    assert.deepEqual([facts.loadBalancers.length, facts.targetGroups.length, facts.listeners.length, facts.notices.length], [1, 1, 1, 0]);
  });
});

describe('CloudFormation reader: JSON template with long-form intrinsics', () => {
  const { file, facts } = read('cloudformation/ip-targets.json');

  it('reads the NLB and its ip target group; the ALB, its HTTP target group and listener are not NLB facts', () => {
    assert.deepEqual(facts.loadBalancers.map((l) => l.name), ['PodNlb']);
    assert.deepEqual(facts.targetGroups.map((t) => t.id), ['cfn:cloudformation/ip-targets.json:PodTargets']);
    assert.equal(facts.listeners.length, 1);
    assert.deepEqual(facts.notices, [], 'notices about the ALB side would be noise');
  });

  it('{"Ref": …} and {"Fn::GetAtt": […]} join; a JSON boolean attribute value reads as a boolean', () => {
    const [lb] = facts.loadBalancers;
    const [tg] = facts.targetGroups;
    assert.equal(facts.listeners[0]!.loadBalancerId, lb!.id);
    assert.equal(facts.listeners[0]!.targetGroupId, tg!.id);
    assert.deepEqual(at(file, lb!.crossZone), [true, 'explicit', 'true']);
    assert.deepEqual(at(file, lb!.scheme), ['internal', 'explicit', '"internal"']);
  });

  it('ip targets with TCP: preservation off by default, pointing at the written target type', () => {
    const [tg] = facts.targetGroups;
    assert.deepEqual(at(file, tg!.targetType), ['ip', 'explicit', '"ip"']);
    assert.deepEqual(at(file, tg!.preserveClientIp), [false, 'default', '"ip"']);
    assert.match(tg!.preserveClientIp.why!, /off by default for ip targets with TCP or TLS/);
    assert.deepEqual(at(file, tg!.port), [8443, 'explicit', '8443']);
    assert.deepEqual(at(file, tg!.name), ['gateway-pods', 'explicit', '"gateway-pods"']);
  });
});

describe('CloudFormation reader: cdk synth output (cdk.out/*.template.json)', () => {
  const { file, facts } = read('cloudformation/cdk.out/GatewayNlbStack.template.json');

  it('uses the hashed logical ids for ids and the aws:cdk:path for names', () => {
    const [lb] = facts.loadBalancers;
    assert.equal(lb!.id, 'cfn:cloudformation/cdk.out/GatewayNlbStack.template.json:GatewayNlb5A6B7C8D');
    assert.equal(lb!.name, 'GatewayNlbStack/GatewayNlb');
    assert.equal(textAt(file, lb!.head), '"GatewayNlb5A6B7C8D"');
    assert.equal(facts.targetGroups[0]!.id, 'cfn:cloudformation/cdk.out/GatewayNlbStack.template.json:GatewayNlbHttpsListenerGatewayTargetsGroup9A8B7C6D');
    assert.equal(facts.listeners[0]!.targetGroupId, facts.targetGroups[0]!.id);
  });

  it('reads the values CDK writes out: internal, cross-zone "true", instance targets, default preservation', () => {
    const [lb] = facts.loadBalancers;
    const [tg] = facts.targetGroups;
    assert.deepEqual(at(file, lb!.scheme), ['internal', 'explicit', '"internal"']);
    assert.deepEqual(at(file, lb!.crossZone), [true, 'explicit', '"true"']);
    assert.deepEqual(at(file, tg!.targetType), ['instance', 'explicit', '"instance"']);
    assert.deepEqual(at(file, tg!.preserveClientIp), [true, 'default', '"instance"']);
    assert.deepEqual(at(file, tg!.port), [30443, 'explicit', '30443']);
    assert.deepEqual(facts.notices, []);
  });
});

describe('CloudFormation reader: defaults when nothing is written', () => {
  it('Type defaults to application (not read); a network NLB defaults to internet-facing with cross-zone off', () => {
    const text = [
      'Resources:',
      '  Alb:',
      '    Type: AWS::ElasticLoadBalancingV2::LoadBalancer',
      '  Nlb:',
      '    Type: AWS::ElasticLoadBalancingV2::LoadBalancer',
      '    Properties:',
      '      Type: network',
      '',
    ].join('\n');
    const file = { path: 't.yaml', text };
    const facts = readFile(file);
    assert.deepEqual(facts.loadBalancers.map((l) => l.name), ['Nlb']);
    const [lb] = facts.loadBalancers;
    assert.deepEqual(at(file, lb!.scheme), ['internet-facing', 'default', 'Nlb']);
    assert.match(lb!.scheme.why!, /Scheme defaults to internet-facing/);
    assert.deepEqual(at(file, lb!.crossZone), [false, 'default', 'Nlb']);
    assert.match(lb!.crossZone.why!, /defaults to false for Network Load Balancers/);
  });

  it('ip targets with UDP keep preservation on (AWS does not let it be turned off)', () => {
    const text = 'Resources:\n  Tg:\n    Type: AWS::ElasticLoadBalancingV2::TargetGroup\n    Properties: {TargetType: ip, Protocol: UDP, Port: 53}\n';
    const [tg] = readFile({ path: 'u.yaml', text }).targetGroups;
    assert.equal(tg!.preserveClientIp.value, true);
    assert.match(tg!.preserveClientIp.why!, /always on for ip targets with UDP/);
    assert.equal(tg!.loadBalancerId, '', 'no listener forwards to it');
  });

  it('a wrong value is a warning with its span, and the default applies', () => {
    const text = 'Resources:\n  Nlb:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n    Properties: {Type: network, Scheme: private}\n';
    const file = { path: 'w.yaml', text };
    const facts = readFile(file);
    assert.deepEqual(at(file, facts.loadBalancers[0]!.scheme), ['internet-facing', 'default', 'private']);
    assert.equal(facts.notices[0]!.level, 'warning');
    assert.match(facts.notices[0]!.message, /Nlb.Scheme: "private" is not one of internal, internet-facing/);
    assert.equal(textAt(file, facts.notices[0]!.span!), 'private');
  });

  it('a Kubernetes document in the same file is still read by the Kubernetes reader', () => {
    const k8s = fixture('k8s/seed.yaml').text;
    const cfn = fixture('cloudformation/internal-nlb.yaml').text;
    const facts = readFile({ path: 'mixed.yaml', text: `${cfn}---\n${k8s}` });
    assert.equal(facts.services.length, 1);
    assert.equal(facts.loadBalancers.length, 2);
  });
});
