import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/core/analyze';
import type { FileFacts, SourceFile } from '../../server/src/core/model/workspace';
import { readFile } from '../../server/src/core/parse/read-file';
import { mutatedFixtures } from '../helpers/mutate';
import { fixture, textAt } from '../helpers/fixtures';

/** A reader bug shows up as an "Internal error" notice (read-file catches what escapes); none may appear. */
function assertSound(file: SourceFile, facts: FileFacts): void {
  const internal = facts.notices.filter((n) => /Internal error/.test(n.message));
  assert.deepEqual(internal, [], `reader failed on ${JSON.stringify(file.text.slice(0, 200))}`);
  const spans = [
    ...facts.loadBalancers.flatMap((l) => [l.head, l.scheme.span, l.crossZone.span]),
    ...facts.targetGroups.flatMap((t) => [t.head, t.targetType.span, t.preserveClientIp.span, t.proxyProtocolV2.span, t.crossZone.span, t.port?.span]),
    ...facts.listeners.map((l) => l.port.span),
    // Syntax-error notices come from the YAML dispatcher, whose spans may end one past the text.
    ...facts.notices.filter((n) => n.skipped !== 'document').map((n) => n.span),
  ];
  for (const s of spans) if (s) assert.ok(s.start >= 0 && s.start <= s.end && s.end <= file.text.length, `span ${s.start}-${s.end} outside the text`);
  for (const l of facts.listeners) {
    assert.ok(facts.loadBalancers.some((lb) => lb.id === l.loadBalancerId), 'a listener model always joins a load balancer of the file');
    assert.ok(facts.targetGroups.some((tg) => tg.id === l.targetGroupId), 'and a target group of the file');
  }
  for (const lb of facts.loadBalancers) assert.ok(lb.scheme.value === 'internal' || lb.scheme.value === 'internet-facing');
  for (const tg of facts.targetGroups) {
    assert.ok(tg.targetType.value === 'instance' || tg.targetType.value === 'ip');
    assert.equal(typeof tg.preserveClientIp.value, 'boolean');
    assert.equal(typeof tg.proxyProtocolV2.value, 'boolean');
  }
}

describe('CloudFormation reader: bad input is a notice, never a crash', () => {
  it('broken YAML: a syntax-error notice with a position, nothing read', () => {
    const facts = readFile(fixture('cloudformation/broken.yaml'));
    assert.equal(facts.loadBalancers.length, 0);
    assert.equal(facts.notices.length, 1);
    assert.match(facts.notices[0]!.message, /^YAML syntax error, document skipped/);
    assert.ok(facts.notices[0]!.span);
  });

  it('broken JSON: the same', () => {
    const text = fixture('cloudformation/ip-targets.json').text.slice(0, 900);
    const facts = readFile({ path: 'cut.template.json', text });
    assert.equal(facts.loadBalancers.length, 0);
    assert.equal(facts.notices[0]!.level, 'error');
    assert.equal(facts.notices[0]!.skipped, 'document');
  });

  it('unresolvable intrinsics: values are assumed with the reason and span, each said once in an info notice', () => {
    const file = fixture('cloudformation/unresolvable.yaml');
    const facts = readFile(file);
    assertSound(file, facts);
    const nlb = facts.loadBalancers.find((l) => l.name === 'Nlb')!;
    assert.equal(nlb.scheme.origin, 'assumed');
    assert.equal(nlb.scheme.value, 'internet-facing');
    assert.equal(textAt(file, nlb.scheme.span!), '!If [IsProd, internet-facing, internal]');
    assert.match(nlb.scheme.why!, /Fn::If on condition IsProd, which Hairpin does not evaluate/);
    assert.equal(nlb.crossZone.origin, 'assumed', 'an !If around the whole attribute list may set it');
    assert.match(textAt(file, nlb.crossZone.span!), /^!If\n/);

    const tg = facts.targetGroups[0]!;
    assert.deepEqual([tg.targetType.value, tg.targetType.origin], ['ip', 'explicit'], 'Fn::FindInMap with a key from a Parameter Default resolves');
    assert.match(tg.targetType.why!, /Mappings TargetTypes.dev.type \(key from parameter Env's Default\)/);
    assert.deepEqual([tg.preserveClientIp.value, tg.preserveClientIp.origin], [false, 'assumed']);
    assert.match(textAt(file, tg.preserveClientIp.span!), /^!If \[IsProd, \{Key: preserve_client_ip.enabled/);
    assert.deepEqual([tg.proxyProtocolV2.value, tg.proxyProtocolV2.origin], [false, 'assumed']);
    assert.equal(textAt(file, tg.proxyProtocolV2.span!), '!GetAtt Elsewhere.ProxyProtocol');
    assert.equal(tg.port, undefined, '!ImportValue: the port is left unknown');

    const [listener] = facts.listeners;
    assert.deepEqual([listener!.port.value, textAt(file, listener!.port.span!)], [443, '!Select [1, [80, 443]]']);
    assert.equal(facts.listeners.length, 1, 'the listener on an imported load balancer is not analysed');

    const maybe = facts.loadBalancers.find((l) => l.name === 'MaybeNlb')!;
    assert.equal(maybe.manager.origin, 'inferred', 'Type is a Parameter without Default, but its listener speaks TLS');

    const messages = facts.notices.map((n) => n.message);
    assert.ok(facts.notices.every((n) => n.level === 'info' && n.span));
    assert.ok(messages.some((m) => /^Nlb.Scheme is !If/.test(m)));
    assert.ok(messages.some((m) => /^Tg.Port is !ImportValue shared-node-port: Fn::ImportValue reads another stack's export/.test(m)));
    assert.ok(messages.some((m) => /^ImportedListener.LoadBalancerArn is !ImportValue/.test(m)));
    assert.ok(messages.some((m) => /^MaybeNlbListener forwards to "arn:aws:elasticloadbalancing/.test(m)));
    assert.equal(new Set(messages).size, messages.length, 'no notice twice');
  });

  it('odd shapes are ignored without notices: Resources as a list, Properties as a string, Type as a map', () => {
    for (const text of [
      'AWSTemplateFormatVersion: x\nResources: [1, 2]\n',
      'Resources:\n  A:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n    Properties: "text"\n',
      'Resources:\n  A:\n    Type: {a: 1}\n',
      'Resources:\n  A:\n    Type: AWS::ElasticLoadBalancingV2::Listener\n    Properties: {DefaultActions: 3, LoadBalancerArn: [1]}\n',
      '{"Resources": {"A": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {"TargetGroupAttributes": {"Key": 1}}}}}',
    ]) {
      const file = { path: text.startsWith('{') ? 'odd.json' : 'odd.yaml', text };
      assertSound(file, readFile(file));
    }
  });

  it('self-referencing and deeply nested intrinsics terminate', () => {
    const text = [
      'Parameters:',
      '  P: {Type: String, Default: !Ref P}',
      'Resources:',
      '  Nlb:',
      '    Type: AWS::ElasticLoadBalancingV2::LoadBalancer',
      `    Properties: {Type: network, Scheme: !Ref P, Name: ${'!Join ["", ['.repeat(30)}x${']]'.repeat(30)}}`,
      '',
    ].join('\n');
    const file = { path: 'loop.yaml', text };
    const facts = readFile(file);
    assertSound(file, facts);
    assert.equal(facts.loadBalancers[0]!.scheme.origin, 'assumed');
  });

  it('a large template (2,000 NLBs with target groups and listeners, 1.5 MB) is read whole', () => {
    const text = largeTemplate(2000);
    const file = { path: 'large.yaml', text };
    const facts = readFile(file);
    assert.deepEqual([facts.loadBalancers.length, facts.targetGroups.length, facts.listeners.length, facts.notices.length], [2000, 2000, 2000, 0]);
    assert.equal(facts.targetGroups[1999]!.loadBalancerId, facts.loadBalancers[1999]!.id);
    assert.equal(textAt(file, facts.targetGroups[1234]!.preserveClientIp.span!), '"false"');
  });
});

describe('CloudFormation reader properties (fast-check)', () => {
  const fixtures = ['cloudformation/internal-nlb.yaml', 'cloudformation/preservation-off.yaml', 'cloudformation/ip-targets.json', 'cloudformation/unresolvable.yaml', 'cloudformation/cdk.out/GatewayNlbStack.template.json'].map(fixture);

  it('mutated templates (cut, spliced, duplicated lines) never break the reader', () => {
    fc.assert(
      fc.property(mutatedFixtures(fixtures, ['!Ref ', '!GetAtt ', '{"Ref": ', ': ', '- ', '\n  ', '[', '{', '"', "'", '!If [', '&a ', '*a', '\t', '#'], 80), (file) => {
        assertSound(file, readFile(file));
      }),
      { numRuns: 400 },
    );
  });

  it('random property values, intrinsics included, never break the reader and keep models well-typed', () => {
    const leaf = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('network', 'internal', 'ip', 'instance', 'true', 'false', 'TCP', 'UDP', 'Nlb', 'Tg', 'P'));
    const value = fc.letrec<{ v: unknown }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('v'), { maxLength: 3 }),
        fc.record({ Key: fc.constantFrom('preserve_client_ip.enabled', 'load_balancing.cross_zone.enabled', 'proxy_protocol_v2.enabled'), Value: tie('v') }),
        fc.record({ Ref: fc.constantFrom('Nlb', 'Tg', 'P', 'AWS::NoValue', 'AWS::Region', 'Nothing') }),
        fc.record({ 'Fn::GetAtt': fc.oneof(fc.constantFrom('Nlb.Arn', 'Tg.Arn'), fc.array(tie('v'), { maxLength: 2 })) }),
        fc.record({ 'Fn::If': fc.array(tie('v'), { maxLength: 3 }) }),
        fc.record({ 'Fn::Sub': fc.oneof(fc.constantFrom('${P}', '${AWS::Region}', '${!x}', '${Tg.Arn}'), fc.array(tie('v'), { maxLength: 2 })) }),
        fc.record({ 'Fn::Join': fc.array(tie('v'), { maxLength: 2 }) }),
        fc.record({ 'Fn::FindInMap': fc.array(tie('v'), { maxLength: 3 }) }),
        fc.record({ 'Fn::Select': fc.array(tie('v'), { maxLength: 2 }) }),
      ),
    }));
    const keys = ['Type', 'Scheme', 'TargetType', 'Protocol', 'Port', 'Name', 'LoadBalancerArn', 'DefaultActions', 'LoadBalancerAttributes', 'TargetGroupAttributes', 'ListenerAttributes'];
    const props = fc.dictionary(fc.constantFrom(...keys), value.v, { maxKeys: 6 });
    const template = fc.record({ nlb: props, tg: props, listener: props, p: value.v });
    fc.assert(
      fc.property(template, (t) => {
        const doc = {
          Parameters: { P: { Type: 'String', Default: t.p } },
          Mappings: { M: { a: { b: 'ip' } } },
          Resources: {
            Nlb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'network', ...t.nlb } },
            Tg: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: t.tg },
            Listener: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Nlb' }, DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'Tg' } }], ...t.listener } },
          },
        };
        const file = { path: 'random.template.json', text: `{"AWSTemplateFormatVersion": "2010-09-09", ${JSON.stringify(doc).slice(1)}` };
        const facts = readFile(file);
        assertSound(file, facts);
        // The pipeline downstream copes with whatever was read.
        analyze([file]);
      }),
      { numRuns: 300 },
    );
  });
});

/** `count` NLBs, each with an instance target group (preservation off) and a listener, in short-tag YAML. */
function largeTemplate(count: number): string {
  const out = ["AWSTemplateFormatVersion: '2010-09-09'", 'Parameters:', '  Subnets: {Type: List<AWS::EC2::Subnet::Id>}', 'Resources:'];
  for (let i = 0; i < count; i++) {
    out.push(
      `  Nlb${i}:`,
      '    Type: AWS::ElasticLoadBalancingV2::LoadBalancer',
      '    Properties:',
      '      Type: network',
      '      Scheme: internal',
      '      Subnets: !Ref Subnets',
      '      LoadBalancerAttributes:',
      '        - Key: load_balancing.cross_zone.enabled',
      `          Value: "${i % 2 === 0}"`,
      `  Tg${i}:`,
      '    Type: AWS::ElasticLoadBalancingV2::TargetGroup',
      '    Properties:',
      '      Protocol: TCP',
      `      Port: ${30000 + (i % 2000)}`,
      '      VpcId: !ImportValue shared-vpc',
      '      TargetGroupAttributes:',
      '        - Key: preserve_client_ip.enabled',
      '          Value: "false"',
      `  Listener${i}:`,
      '    Type: AWS::ElasticLoadBalancingV2::Listener',
      '    Properties:',
      `      LoadBalancerArn: !Ref Nlb${i}`,
      '      Port: 443',
      '      Protocol: TCP',
      '      DefaultActions:',
      '        - Type: forward',
      `          TargetGroupArn: !GetAtt Tg${i}.TargetGroupArn`,
    );
  }
  return `${out.join('\n')}\n`;
}
