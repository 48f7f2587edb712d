import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/core/analyze';
import type { FileFacts, SourceFile } from '../../server/src/core/model/workspace';
import { readFile } from '../../server/src/core/parse/read-file';
import { mutatedFixtures } from '../helpers/mutate';
import { fixture, textAt } from '../helpers/fixtures';
import { initTestGrammars } from '../helpers/grammars';

before(() => initTestGrammars());

/** No reader failure (read-file turns an escaping exception into an "Internal error" notice), spans inside the text, joins inside the file. */
function assertSound(file: SourceFile, facts: FileFacts): void {
  assert.deepEqual(facts.notices.filter((n) => /Internal error/.test(n.message)), [], `reader failed on ${JSON.stringify(file.text.slice(0, 300))}`);
  const spans = [
    ...facts.loadBalancers.flatMap((l) => [l.head, l.scheme.span, l.crossZone.span]),
    ...facts.targetGroups.flatMap((t) => [t.head, t.targetType.span, t.preserveClientIp.span, t.proxyProtocolV2.span, t.crossZone.span, t.port?.span]),
    ...facts.listeners.map((l) => l.port.span),
    ...facts.notices.map((n) => n.span),
  ];
  for (const s of spans) if (s) assert.ok(s.start >= 0 && s.start <= s.end && s.end <= file.text.length, `span ${s.start}-${s.end} outside the text`);
  for (const l of facts.listeners) {
    assert.ok(facts.loadBalancers.some((lb) => lb.id === l.loadBalancerId));
    assert.ok(facts.targetGroups.some((tg) => tg.id === l.targetGroupId));
  }
  assert.equal(new Set(facts.listeners.map((l) => l.id)).size, facts.listeners.length, 'listener ids are unique');
  assert.equal(new Set(facts.loadBalancers.map((l) => l.id)).size, facts.loadBalancers.length, 'load balancer ids are unique');
  for (const tg of facts.targetGroups) {
    assert.ok(tg.targetType.value === 'instance' || tg.targetType.value === 'ip');
    assert.equal(typeof tg.preserveClientIp.value, 'boolean');
  }
}

describe('CDK reader: half-written code keeps what parses', () => {
  it('TypeScript cut off after the wiring (unclosed class): everything before the cut is read, with a syntax notice', () => {
    const full = fixture('cdk/gateway-nlb-stack.ts');
    const file = { path: 'half.ts', text: full.text.slice(0, full.text.indexOf('{ value: nlb.loadBalancerDnsName')) };
    const facts = readFile(file);
    assertSound(file, facts);
    assert.deepEqual([facts.loadBalancers.length, facts.targetGroups.length, facts.listeners.length], [1, 1, 1]);
    assert.equal(facts.loadBalancers[0]!.crossZone.value, true);
    const syntax = facts.notices.find((n) => /^Syntax error/.test(n.message));
    assert.ok(syntax, 'a notice says the parser recovered');
    assert.equal(syntax.level, 'info');
    assert.equal(syntax.skipped, undefined, 'the file was read, not skipped');
  });

  it('TypeScript cut off inside a call: the constructs before it are read (the unclosed call itself is not)', () => {
    const full = fixture('cdk/gateway-nlb-stack.ts');
    const file = { path: 'cut.ts', text: full.text.slice(0, full.text.indexOf('      targets: props.nodes')) };
    const facts = readFile(file);
    assertSound(file, facts);
    assert.equal(facts.loadBalancers[0]!.crossZone.value, true);
    assert.equal(facts.targetGroups.length, 0);
  });

  it('TypeScript while typing a prop value: the construct is still read', () => {
    const full = fixture('cdk/gateway-nlb-stack.ts');
    const text = full.text.replace('      port: GATEWAY_NODE_PORT,\n', '      port: GATEWAY_NODE_PORT,\n      preserveClientIp: \n');
    const file = { path: 'typing.ts', text };
    const facts = readFile(file);
    assertSound(file, facts);
    assert.deepEqual([facts.loadBalancers.length, facts.targetGroups.length, facts.listeners.length], [1, 1, 1]);
  });

  it('TypeScript with a stray token in the middle: constructs on both sides are read', () => {
    const full = fixture('cdk/pod-targets-stack.ts');
    const text = full.text.replace('    const nodes = new Ntg(', '    const = = ;\n    const nodes = new Ntg(');
    const file = { path: 'stray.ts', text };
    const facts = readFile(file);
    assertSound(file, facts);
    assert.equal(facts.loadBalancers.length, 1);
    assert.equal(facts.targetGroups.length, 2);
  });

  it('Python with an unclosed call: the constructs before it are read', () => {
    const full = fixture('cdk/gateway_nlb_stack.py');
    const text = full.text.replace('        listener = nlb.add_listener("Https", port=443)\n', '        listener = nlb.add_listener("Https", port=443\n');
    const file = { path: 'half.py', text };
    const facts = readFile(file);
    assertSound(file, facts);
    assert.equal(facts.loadBalancers.length, 1);
    assert.equal(facts.loadBalancers[0]!.crossZone.value, true);
    assert.ok(facts.notices.some((n) => /^Syntax error: the python parser recovered/.test(n.message)));
  });

  it('unknown targets are assumed instance, with the reason; an addTargets without targets too', () => {
    const text = [
      "import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';",
      "const nlb = new elbv2.NetworkLoadBalancer(this, 'Nlb', { vpc });",
      "const l = nlb.addListener('L', { port: 443 });",
      "l.addTargets('A', { port: 1, targets: this.makeTargets() });",
      "l.addTargets('B', { port: 2 });",
      '',
    ].join('\n');
    const file = { path: 'targets.ts', text };
    const facts = readFile(file);
    assertSound(file, facts);
    const [a, b] = facts.targetGroups;
    assert.deepEqual([a!.targetType.value, a!.targetType.origin, textAt(file, a!.targetType.span!)], ['instance', 'assumed', 'this.makeTargets()']);
    assert.match(a!.targetType.why!, /could not be classified; assuming instance targets/);
    assert.deepEqual([b!.targetType.value, b!.targetType.origin], ['instance', 'assumed']);
    assert.match(b!.targetType.why!, /addTargets without targets/);
  });

  it('files that only mention elasticloadbalancingv2, and ALB-only stacks, give nothing and no notice', () => {
    for (const [path, text] of [
      ['imports.ts', "import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';\n"],
      ['alb.py', 'from aws_cdk import aws_elasticloadbalancingv2 as elbv2\nalb = elbv2.ApplicationLoadBalancer(self, "A", vpc=vpc)\nalb.add_listener("L", port=80).add_targets("T", port=80, targets=[t])\n'],
    ] as const) {
      const facts = readFile({ path, text });
      assert.deepEqual([facts.loadBalancers.length, facts.targetGroups.length, facts.listeners.length, facts.notices.length], [0, 0, 0, 0], path);
    }
  });

  it('identical variable names in two stacks of one file get distinct ids', () => {
    const one = fixture('cdk/gateway-nlb-stack.ts').text;
    const file = { path: 'two.ts', text: `${one}\n${one.replace('class GatewayNlbStack', 'class OtherStack')}` };
    const facts = readFile(file);
    assertSound(file, facts);
    assert.equal(facts.loadBalancers.length, 2);
    assert.equal(facts.listeners.length, 2);
    assert.deepEqual(ruleIdsOf(file), ['HP101', 'HP101', 'HP103', 'HP103']);
  });

  it('a large TypeScript file (1,500 stacks, ~1.3 MB) is read whole', () => {
    const file = { path: 'large.ts', text: largeStack(1500) };
    const facts = readFile(file);
    assert.deepEqual([facts.loadBalancers.length, facts.targetGroups.length, facts.listeners.length, facts.notices.length], [1500, 1500, 1500, 0]);
    assert.equal(facts.listeners[1499]!.loadBalancerId, facts.loadBalancers[1499]!.id);
    assert.equal(facts.targetGroups[42]!.preserveClientIp.value, false);
  });
});

describe('CDK reader properties (fast-check)', () => {
  const sources = ['cdk/gateway-nlb-stack.ts', 'cdk/pod-targets-stack.ts', 'cdk/wiring.ts', 'cdk/gateway_nlb_stack.py', 'cdk/preservation-off.py', 'cdk/wiring.py'].map(fixture);

  it('mutated stacks (cut, spliced, duplicated lines) never break the reader', () => {
    fc.assert(
      fc.property(mutatedFixtures(sources, ['(', ')', '{', '}', '[', ']', ',', ':', '=', '...', '**', 'new ', '.addTargets(', '.add_listener(', 'this.', 'self.', "'", '"', '`${', '\n', '    ', 'def ', 'const x = '], 60), (file) => {
        assertSound(file, readFile(file));
      }),
      { numRuns: 300 },
    );
  });

  it('random prop values and wiring never break the reader, and the pipeline downstream copes', () => {
    const value = fc.oneof(
      fc.constantFrom('true', 'false', 'True', 'False', '443', '0', '-1', '70000', '1.5', "'x'", '"true"', 'crossZone', 'props.x', 'undefined', 'null', 'None', '[]', '{}', 'elbv2.TargetType.IP', 'elbv2.TargetType.ALB', 'TargetType.LAMBDA', 'elbv2.Protocol.UDP', 'Duration.seconds(9)', 'nlb', 'tg', 'this.node.tryGetContext("x")'),
      fc.integer().map(String),
    );
    const key = fc.constantFrom('internetFacing', 'crossZoneEnabled', 'port', 'protocol', 'targetType', 'preserveClientIp', 'proxyProtocolV2', 'targets', 'defaultTargetGroups', 'loadBalancer', 'tcpIdleTimeout', 'certificates');
    const props = fc.array(fc.tuple(key, value), { maxLength: 5 });
    const program = fc.record({ nlb: props, tg: props, listener: props, targets: props, constant: value, python: fc.boolean() });
    fc.assert(
      fc.property(program, (p) => {
        const file = p.python ? pythonProgram(p) : typescriptProgram(p);
        const facts = readFile(file);
        assertSound(file, facts);
        analyze([file]);
      }),
      { numRuns: 250 },
    );
  });
});

type Props = readonly (readonly [string, string])[];
interface Program {
  readonly nlb: Props;
  readonly tg: Props;
  readonly listener: Props;
  readonly targets: Props;
  readonly constant: string;
}

function typescriptProgram(p: Program): SourceFile {
  const obj = (props: Props) => `{ ${props.map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
  const text = [
    "import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';",
    `const crossZone = ${p.constant};`,
    `const nlb = new elbv2.NetworkLoadBalancer(this, 'Nlb', ${obj(p.nlb)});`,
    `const tg = new elbv2.NetworkTargetGroup(this, 'Tg', ${obj(p.tg)});`,
    `const listener = nlb.addListener('L', ${obj([...p.listener, ['defaultTargetGroups', '[tg]']])});`,
    `listener.addTargets('T', ${obj(p.targets)});`,
    '',
  ].join('\n');
  return { path: 'random.ts', text };
}

function pythonProgram(p: Program): SourceFile {
  const snake = (k: string) => k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  const py = (v: string) => v.replace(/^true$/, 'True').replace(/^false$/, 'False').replace(/^(undefined|null)$/, 'None').replace(/^this\./, 'self.').replace(/^props\./, 'props_');
  const kw = (props: Props) => props.map(([k, v]) => `, ${snake(k)}=${py(v)}`).join('');
  const text = [
    'from aws_cdk import aws_elasticloadbalancingv2 as elbv2',
    `cross_zone = ${py(p.constant)}`,
    `nlb = elbv2.NetworkLoadBalancer(self, "Nlb"${kw(p.nlb)})`,
    `tg = elbv2.NetworkTargetGroup(self, "Tg"${kw(p.tg)})`,
    `listener = nlb.add_listener("L"${kw(p.listener)}, default_target_groups=[tg])`,
    `listener.add_targets("T"${kw(p.targets)})`,
    '',
  ].join('\n');
  return { path: 'random.py', text };
}

function ruleIdsOf(file: SourceFile): string[] {
  return analyze([file]).findings.map((f) => f.ruleId).sort();
}

/** `count` stack classes, each with an NLB, an instance target group (preservation off) and a listener. */
function largeStack(count: number): string {
  const out = ["import * as cdk from 'aws-cdk-lib';", "import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';", "import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';", ''];
  for (let i = 0; i < count; i++) {
    out.push(
      `export class Stack${i} extends cdk.Stack {`,
      '  constructor(scope: Construct, id: string, props: Props) {',
      '    super(scope, id, props);',
      `    const crossZone${i} = ${i % 2 === 0};`,
      `    const nlb = new elbv2.NetworkLoadBalancer(this, 'Nlb${i}', { vpc: props.vpc, crossZoneEnabled: crossZone${i} });`,
      `    const tg = new elbv2.NetworkTargetGroup(this, 'Tg${i}', {`,
      '      vpc: props.vpc,',
      `      port: ${30000 + (i % 2000)},`,
      '      preserveClientIp: false,',
      '      targets: [new targets.InstanceTarget(props.instance)],',
      '    });',
      `    nlb.addListener('Tcp${i}', { port: 443, defaultTargetGroups: [tg] });`,
      '  }',
      '}',
      '',
    );
  }
  return out.join('\n');
}

describe('CDK reader: expressions nested thousands of levels deep (kind 3)', () => {
  const N = 5000;
  const ts = fixture('cdk/pod-targets-stack.ts');
  const py = fixture('cdk/wiring.py');
  for (const [what, file, from, to] of [
    ['TypeScript parentheses', ts, 'port: 8443,', `port: ${'('.repeat(N)}8443${')'.repeat(N)},`],
    ['TypeScript arrays', ts, 'deregistrationDelay', `extra: ${'['.repeat(N)}${']'.repeat(N)},\n      deregistrationDelay`],
    ['TypeScript objects', ts, 'deregistrationDelay', `extra: ${'{a: '.repeat(N)}1${'}'.repeat(N)},\n      deregistrationDelay`],
    ['TypeScript calls', ts, 'port: 8443,', `port: ${'f('.repeat(N)}8443${')'.repeat(N)},`],
    ['Python parentheses', py, 'port=30080', `port=${'('.repeat(N)}30080${')'.repeat(N)}`],
    ['Python lists', py, 'port=30080', `port=30080, extra=${'['.repeat(N)}${']'.repeat(N)}`],
  ] as const) {
    it(`${what}: no internal error, and every construct of the file is still read`, () => {
      assert.ok(file.text.includes(from), from);
      const deep = { path: file.path, text: file.text.replace(from, to) };
      const facts = readFile(deep);
      assertSound(deep, facts);
      const plain = readFile(file);
      assert.deepEqual(facts.loadBalancers.map((l) => l.id), plain.loadBalancers.map((l) => l.id));
      assert.deepEqual(facts.targetGroups.map((t) => t.id), plain.targetGroups.map((t) => t.id));
      if (what.endsWith('parentheses')) assert.ok(facts.notices.some((n) => /nested more than 256 levels deep/.test(n.message)), JSON.stringify(facts.notices.map((n) => n.message)));
    });
  }
});
