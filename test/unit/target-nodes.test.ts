import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import type { ClientLocation } from '../../server/src/core/model/cluster';
import { readHairpinConfig } from '../../server/src/core/parse/hairpin-config';
import { estimateCollision } from '../../server/src/core/simulate/collision';
import { enumerateClient, type FailureMode } from '../../server/src/core/simulate/enumerate';
import { Fraction } from '../../server/src/core/simulate/fraction';
import { t1, type Scenario } from '../../server/src/core/simulate/scenario';
import { buildTopology } from '../../server/src/core/simulate/topology';
import { LineIndex } from '../../server/src/core/text/line-index';
import { initTestGrammars } from '../helpers/grammars';

/**
 * Kind I of issue 10: a node selector limits instance targets to matching nodes.
 *
 * Hand derivation on T1 (gateway pods on n2, n4, n6; cross-zone on, Cluster, VPC CNI, preservation on)
 * with targets {n1, n3}: DNS picks any NLB node, and each picks n1 or n3 with 1/2. A pod on n1 fails
 * exactly when n1 is picked (kube-proxy SNATs to n1, the SYN-ACK is reversed to n1:NodePort and delivered
 * locally): 1/2. A pod on n2 is never sent to n2, and the SNAT to n1 or n3 sends every reply through the
 * fabric: 0. A host process on n1 is dropped as martian when n1 is picked: 1/2. With targets {n1, n2, n3}
 * each is picked with 1/3, so a pod on n1 or on n2 fails 1/3, and one on n4 never.
 * With cross-zone off, zone c has no target, so DNS hands out only the NLB nodes of zones a and b, and
 * each picks the single target of its zone: a pod on n1 fails 1/2 (DNS to zone a).
 */
const rows: { targets: string[]; s?: Partial<Scenario>; client: ClientLocation; p: [number, number]; mode: FailureMode }[] = [
  { targets: ['n1', 'n3'], client: 'pod@n1', p: [1, 2], mode: 'hairpin-reset' },
  { targets: ['n1', 'n3'], client: 'pod@n3', p: [1, 2], mode: 'hairpin-reset' },
  { targets: ['n1', 'n3'], client: 'pod@n2', p: [0, 1], mode: 'ok' },
  { targets: ['n1', 'n3'], client: 'pod@n5', p: [0, 1], mode: 'ok' },
  { targets: ['n1', 'n3'], client: 'host@n1', p: [1, 2], mode: 'loopback-drop' },
  { targets: ['n1', 'n3'], client: 'host@n2', p: [0, 1], mode: 'ok' },
  { targets: ['n1', 'n3'], s: { crossZone: false }, client: 'pod@n1', p: [1, 2], mode: 'hairpin-reset' },
  { targets: ['n1', 'n3'], s: { cni: 'overlay' }, client: 'pod@n3', p: [1, 2], mode: 'loopback-drop' },
  { targets: ['n1', 'n2', 'n3'], client: 'pod@n1', p: [1, 3], mode: 'hairpin-reset' },
  { targets: ['n1', 'n2', 'n3'], client: 'pod@n2', p: [1, 3], mode: 'hairpin-reset' },
  { targets: ['n1', 'n2', 'n3'], client: 'pod@n4', p: [0, 1], mode: 'ok' },
];

describe('target nodes: exact probabilities (derived by hand above)', () => {
  for (const row of rows) {
    it(`targets ${row.targets.join(',')}${row.s ? ` ${JSON.stringify(row.s)}` : ''}: ${row.client} fails ${row.p[0]}/${row.p[1]}`, () => {
      const r = enumerateClient(buildTopology(t1({ ...row.s, targetNodes: { nodes: row.targets, unnamedOfZones: [] } })), row.client);
      assert.equal(r.error, undefined);
      assert.equal(r.failureProbability.toString(), Fraction.of(row.p[0], row.p[1]).toString());
      if (row.mode !== 'ok') assert.equal(r.modes[0]!.mode, row.mode);
    });
  }

  it('the collision estimate counts only the selected targets (2 of 6), and says so', () => {
    const inputs = { concurrentConnections: 1000, sourcePorts: 28232 };
    const two = estimateCollision(buildTopology(t1({ targetNodes: { nodes: ['n1', 'n3'], unnamedOfZones: [] } })), inputs);
    assert.equal(two.targets, 2);
    assert.equal(two.sharedTargetProbability, 1 / 2);
    assert.ok(Math.abs(two.probability - (1 - Math.pow(1 - 1 / (2 * 28232), (1000 * 2) / 3))) < 1e-12);
    assert.equal(estimateCollision(buildTopology(t1()), inputs).targets, 6);
  });

  it('counted nodes of a zone are targets only when the selection says so', () => {
    const zones = [
      { name: 'zone-a', nodes: ['n1'], unnamed: 3 },
      { name: 'zone-b', nodes: ['n2'], unnamed: 3 },
    ];
    const base = { zones, endpoints: { n1: 1, n2: 1 } };
    const both = estimateCollision(buildTopology(t1({ ...base, targetNodes: { nodes: [], unnamedOfZones: [0, 1] } })), { concurrentConnections: 1000, sourcePorts: 28232 });
    assert.equal(both.targets, 6);
    // A pod on n1 (not a target) is never sent back to its own node.
    const r = enumerateClient(buildTopology(t1({ ...base, targetNodes: { nodes: [], unnamedOfZones: [0] } })), 'pod@n1');
    assert.equal(r.failureProbability.toString(), '0');
  });
});

const service = (annotations: Record<string, string>, extra = '') =>
  [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: gw',
    '  namespace: edge',
    '  annotations:',
    '    service.beta.kubernetes.io/aws-load-balancer-type: external',
    '    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: instance',
    '    service.beta.kubernetes.io/aws-load-balancer-scheme: internal',
    '    service.beta.kubernetes.io/aws-load-balancer-attributes: load_balancing.cross_zone.enabled=true',
    ...Object.entries(annotations).map(([k, v]) => `    service.beta.kubernetes.io/${k}: ${JSON.stringify(v)}`),
    'spec:',
    '  type: LoadBalancer',
    '  selector: {app: gw}',
    '  ports:',
    '  - {port: 443, targetPort: 8443, nodePort: 31380}',
    extra,
  ].join('\n');

/** T1 with role=edge on n1 and n3 (zone labels on zone-c), gateway pods on n2, n4, n6. */
const config = (labels: string[]) =>
  readHairpinConfig({
    path: '.hairpin.yaml',
    text: ['cluster:', '  zones: {zone-a: [n1, n2], zone-b: [n3, n4], zone-c: [n5, n6]}', '  endpoints: {n2: 1, n4: 1, n6: 1}', '  labels:', ...labels.map((l) => `    ${l}`), ''].join('\n'),
  });

const hp101 = (r: ReturnType<typeof analyze>) => r.findings.find((f) => f.ruleId === 'HP101');

describe('target nodes from a Service, labels from .hairpin.yaml', () => {
  const labels = config(['n1: {role: edge}', 'n3: {role: edge, tier: "1"}', 'zone-c: {role: batch}']);

  it('reads cluster.labels per node and per zone', () => {
    assert.deepEqual(labels.notices, []);
    assert.deepEqual(labels.overrides.labels?.value, { zones: { 'zone-c': { role: 'batch' } }, nodes: { n1: { role: 'edge' }, n3: { role: 'edge', tier: '1' } } });
  });

  for (const [selector, targets] of [
    ['role=edge', ['n1', 'n3']],
    [' role = edge , tier=1 ', ['n3']],
    ['role=batch', ['n5', 'n6']],
    ['kubernetes.io/hostname=n4', ['n4']],
  ] as const) {
    it(`target-node-labels "${selector}" makes ${targets.join(', ')} the targets`, () => {
      const r = analyze([{ path: 'svc.yaml', text: service({ 'aws-load-balancer-target-node-labels': selector }) }], { clusterOverrides: labels.overrides });
      const fa = r.frontends[0]!;
      assert.deepEqual(fa.cluster.targetNodes?.value.nodes, targets);
      assert.match(fa.cluster.targetNodes!.why!, new RegExp(`nodes matching`));
      // A pod on a target node is simulated, and fails 1 in (number of targets).
      const onTarget = fa.simulation.clients.find((c) => c.location === `pod@${targets[0]}`)!;
      assert.equal(onTarget.failureProbability.toString(), Fraction.of(1, targets.length).toString());
      for (const c of fa.simulation.clients) {
        const node = c.location.split('@')[1]!;
        if (!(targets as readonly string[]).includes(node)) assert.equal(c.failureProbability.toString(), '0', `${c.location} is never sent to its own node`);
      }
      assert.equal(fa.simulation.collision.targets, targets.length);
      assert.equal(hp101(r)?.probabilityExact, Fraction.of(1, targets.length).toString());
    });
  }

  it('without the annotation every node is a target (1/6), and labels alone change nothing', () => {
    const r = analyze([{ path: 'svc.yaml', text: service({}) }], { clusterOverrides: labels.overrides });
    assert.equal(r.frontends[0]!.cluster.targetNodes, undefined);
    assert.equal(hp101(r)?.probabilityExact, '1/6');
  });

  it('ip targets ignore the node selector', () => {
    const r = analyze([{ path: 'svc.yaml', text: service({ 'aws-load-balancer-target-node-labels': 'role=edge' }).replace('nlb-target-type: instance', 'nlb-target-type: ip') }], {
      clusterOverrides: labels.overrides,
    });
    assert.equal(r.frontends[0]!.simulation.scenario.targetNodes, undefined);
  });

  for (const selector of ['role=gpu', 'kubernetes.io/hostname=n9', 'role=edge,tier=2']) {
    it(`a selector that matches no known node ("${selector}") gets a notice on the annotation`, () => {
      const text = service({ 'aws-load-balancer-target-node-labels': selector });
      const r = analyze([{ path: 'svc.yaml', text }], { clusterOverrides: labels.overrides });
      const n = r.notices.find((x) => /matches no known node/.test(x.message));
      assert.ok(n, JSON.stringify(r.notices));
      assert.equal(n.level, 'warning');
      assert.equal(text.slice(n.span!.start, n.span!.end), JSON.stringify(selector));
      assert.equal(hp101(r), undefined);
    });
  }
});

describe('target nodes from a TargetGroupBinding nodeSelector', () => {
  before(() => initTestGrammars());
  const labels = config(['n1: {role: edge}', 'n3: {role: edge}', 'n5: {role: edge, disk: ssd}']);
  const tf = [
    'resource "aws_lb" "edge" {',
    '  name               = "edge"',
    '  load_balancer_type = "network"',
    '  internal           = true',
    '  enable_cross_zone_load_balancing = true',
    '}',
    'resource "aws_lb_target_group" "edge" {',
    '  name        = "edge-tg"',
    '  port        = 31380',
    '  protocol    = "TCP"',
    '  target_type = "instance"',
    '}',
    'resource "aws_lb_listener" "edge" {',
    '  load_balancer_arn = aws_lb.edge.arn',
    '  port              = 443',
    '  protocol          = "TCP"',
    '  default_action {',
    '    type             = "forward"',
    '    target_group_arn = aws_lb_target_group.edge.arn',
    '  }',
    '}',
    '',
  ].join('\n');
  const tgb = (selector: string[]) =>
    [
      'apiVersion: elbv2.k8s.aws/v1beta1',
      'kind: TargetGroupBinding',
      'metadata: {name: edge, namespace: edge}',
      'spec:',
      '  targetGroupName: edge-tg',
      '  targetType: instance',
      '  serviceRef: {name: gw, port: 443}',
      '  nodeSelector:',
      ...selector.map((l) => `    ${l}`),
      '',
    ].join('\n');
  const plain = [
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: gw, namespace: edge}',
    'spec:',
    '  type: NodePort',
    '  ports:',
    '  - {port: 443, targetPort: 8443, nodePort: 31380}',
    '',
  ].join('\n');

  for (const [selector, targets] of [
    [['matchLabels: {role: edge}'], ['n1', 'n3', 'n5']],
    [['matchLabels: {role: edge}', 'matchExpressions: [{key: disk, operator: DoesNotExist}]'], ['n1', 'n3']],
    [['matchExpressions: [{key: disk, operator: In, values: [ssd, nvme]}]'], ['n5']],
    [['matchExpressions: [{key: kubernetes.io/hostname, operator: NotIn, values: [n1, n2, n3]}]'], ['n4', 'n5', 'n6']],
  ] as const) {
    it(`nodeSelector ${selector.join(' ')} makes ${targets.join(', ')} the targets`, () => {
      const r = analyze(
        [
          { path: 'main.tf', text: tf },
          { path: 'tgb.yaml', text: tgb([...selector]) },
          { path: 'svc.yaml', text: plain },
        ],
        { clusterOverrides: labels.overrides },
      );
      assert.equal(r.frontends.length, 1);
      assert.deepEqual(r.frontends[0]!.cluster.targetNodes?.value.nodes, targets);
      assert.equal(hp101(r)?.probabilityExact, Fraction.of(1, targets.length).toString());
    });
  }

  it('an unknown operator selects nothing, with a notice', () => {
    const r = analyze(
      [
        { path: 'main.tf', text: tf },
        { path: 'tgb.yaml', text: tgb(['matchExpressions: [{key: role, operator: Near, values: [edge]}]']) },
        { path: 'svc.yaml', text: plain },
      ],
      { clusterOverrides: labels.overrides },
    );
    assert.ok(r.notices.some((n) => /matches no known node/.test(n.message)));
  });
});

describe('node labels from Terraform node groups', () => {
  before(() => initTestGrammars());
  const eks = (groups: string) =>
    ['module "eks" {', '  source  = "terraform-aws-modules/eks/aws"', '  eks_managed_node_groups = {', groups, '  }', '}', ''].join('\n');

  it("the EKS module's node-group labels go on that group's nodes", () => {
    // 4 general nodes then 2 edge nodes: node-1..node-4 general, node-5 and node-6 edge (zones a..c round-robin).
    const tf = eks(['    general = { desired_size = 4 }', '    edge = {', '      desired_size = 2', '      labels = { role = "edge" }', '    }'].join('\n'));
    const r = analyze([
      { path: 'eks.tf', text: tf },
      { path: 'svc.yaml', text: service({ 'aws-load-balancer-target-node-labels': 'role=edge' }) + '\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: gw, namespace: edge}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: gw}}\n  template: {metadata: {labels: {app: gw}}}\n' },
    ]);
    const fa = r.frontends[0]!;
    assert.deepEqual(fa.cluster.targetNodes?.value.nodes, ['node-5', 'node-6']);
    assert.match(fa.cluster.targetNodes!.why!, /node group.*edge \(role=edge\)/);
    assert.equal(hp101(r)?.probabilityExact, '1/2');
  });

  it('aws_eks_node_group labels, several groups', () => {
    const group = (name: string, size: number, labels: string) =>
      [`resource "aws_eks_node_group" "${name}" {`, `  node_group_name = "${name}"`, `  scaling_config {`, `    desired_size = ${size}`, `  }`, `  labels = ${labels}`, `}`].join('\n');
    const tf = [group('a', 3, '{ role = "edge" }'), group('b', 3, '{ role = "apps" }')].join('\n');
    const r = analyze([
      { path: 'eks.tf', text: tf },
      { path: 'svc.yaml', text: service({ 'aws-load-balancer-target-node-labels': 'role=apps' }) },
    ]);
    assert.deepEqual(r.frontends[0]!.cluster.targetNodes?.value.nodes.slice().sort(), ['node-4', 'node-5', 'node-6']);
    assert.equal(r.frontends[0]!.simulation.collision.targets, 3);
  });
});

describe('.hairpin.yaml cluster.labels validation', () => {
  const lineOf = (text: string, offset: number) => new LineIndex(text).positionAt(offset).line + 1;
  for (const [bad, message, line] of [
    ['  labels: [role]', /cluster.labels must map zone or node names/, 3],
    ['  labels:\n    n9: {role: edge}', /names "n9", which is neither a zone nor a node/, 4],
    ['  labels:\n    n1: edge', /cluster.labels.n1 must be a mapping/, 4],
    ['  labels:\n    n1: {role: [a, b]}', /cluster.labels.n1.role must be a label value/, 4],
  ] as const) {
    it(`rejects ${JSON.stringify(bad)} with a position`, () => {
      const text = ['cluster:', '  zones: {zone-a: [n1, n2]}', bad, ''].join('\n');
      const { notices } = readHairpinConfig({ path: '.hairpin.yaml', text });
      assert.equal(notices.length, 1, JSON.stringify(notices));
      assert.match(notices[0]!.message, message);
      assert.equal(notices[0]!.level, 'error');
      assert.equal(lineOf(text, notices[0]!.span!.start), line);
    });
  }

  it('labels a zone given as a count, and its counted nodes match', () => {
    const { notices, overrides } = readHairpinConfig({ path: '.hairpin.yaml', text: 'cluster:\n  zones: {zone-a: 150, zone-b: [m1]}\n  labels:\n    zone-a: {role: edge}\n' });
    assert.deepEqual(notices, []);
    const r = analyze([{ path: 'svc.yaml', text: service({ 'aws-load-balancer-target-node-labels': 'role=edge' }) }], { clusterOverrides: overrides });
    const fa = r.frontends[0]!;
    assert.equal(fa.cluster.targetNodes?.value.nodes.length, 100);
    assert.deepEqual(fa.cluster.targetNodes?.value.unnamedOfZones, [0]);
    assert.equal(fa.simulation.collision.targets, 150);
  });
});
