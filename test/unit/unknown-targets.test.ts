import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze, type AnalysisConfig } from '../../server/src/core/analyze';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { clusterNote } from '../../server/src/core/explain/tables';
import { readHairpinConfig } from '../../server/src/core/parse/hairpin-config';
import { initTestGrammars } from '../helpers/grammars';
import { collisionRate, edgeNlbTf } from '../helpers/terraform-nlb';
import { CFN_INTERNAL_CROSS_ZONE_NLB } from '../helpers/cloudformation-nlb';

/**
 * Issue 10, kind D: when nothing in the workspace says what an NLB's targets are, Hairpin says "targets
 * unknown", invents no cluster (no client, so no HP101 or HP102), and reports only what holds for any
 * targets: HP103 with cross-zone and preservation on. Its rate 1 - (1 - 1/(R T))^(K (Z-1)/Z) falls as
 * the target count T grows, so the one-target rate is the upper bound (K = 1,000, R = 28,232, Z = 3).
 */
const collision = collisionRate;

const tfNlb = (opts: { crossZone?: boolean; port?: number; preserve?: string; name?: string } = {}) =>
  edgeNlbTf({ ...(opts.crossZone !== undefined ? { crossZone: opts.crossZone } : {}), ...(opts.port !== undefined ? { tgPort: opts.port } : {}), ...(opts.preserve ? { preserve: opts.preserve } : {}), ...(opts.name ? { tgName: opts.name } : {}) });

const albModule = [
  'module "nlb" {',
  '  source             = "terraform-aws-modules/alb/aws"',
  '  version            = "~> 9.0"',
  '  load_balancer_type = "network"',
  '  internal           = true',
  '  listeners = {',
  '    tcp = {',
  '      port     = 443',
  '      protocol = "TCP"',
  '      forward  = { target_group_key = "web" }',
  '    }',
  '  }',
  '  target_groups = {',
  '    web = {',
  '      protocol          = "TCP"',
  '      port              = 30443',
  '      target_type       = "instance"',
  '      create_attachment = false',
  '    }',
  '  }',
  '}',
  '',
].join('\n');

const cfn = `${CFN_INTERNAL_CROSS_ZONE_NLB}  WebGroup:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Name: web-tg
      Protocol: TCP
      Port: 30443
  Tcp:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Nlb
      Port: 443
      Protocol: TCP
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref WebGroup
`;

const cdkTs = [
  "import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';",
  'export function build(scope: any, vpc: any) {',
  "  const nlb = new elbv2.NetworkLoadBalancer(scope, 'Nlb', { vpc, crossZoneEnabled: true });",
  "  const tg = new elbv2.NetworkTargetGroup(scope, 'Web', { vpc, port: 8080, targetType: elbv2.TargetType.INSTANCE });",
  "  nlb.addListener('Tcp', { port: 443, defaultTargetGroups: [tg] });",
  '}',
  '',
].join('\n');

const cdkPy = [
  'from aws_cdk import aws_elasticloadbalancingv2 as elbv2',
  '',
  '',
  'def build(scope, vpc, props):',
  '    nlb = elbv2.NetworkLoadBalancer(scope, "Nlb", vpc=vpc, cross_zone_enabled=True)',
  '    listener = nlb.add_listener("Tcp", port=443)',
  '    listener.add_targets("Web", port=8080, targets=props.targets)',
  '',
].join('\n');

const run = (files: SourceFile[], config: AnalysisConfig = {}) => analyze(files, config);
const ids = (r: ReturnType<typeof analyze>) => r.findings.map((f) => f.ruleId).sort();
const unknownNotice = (r: ReturnType<typeof analyze>) => r.notices.find((n) => /targets unknown/.test(n.message));

describe('targets unknown: nothing says what an NLB sends to', () => {
  before(() => initTestGrammars());

  for (const [label, files] of [
    ['Terraform, a target group on an application port', [{ path: 'main.tf', text: tfNlb() }]],
    ['Terraform, a target group on a NodePort-range port with no Service', [{ path: 'main.tf', text: tfNlb({ port: 31380 }) }]],
    ['Terraform, the alb module with create_attachment = false', [{ path: 'main.tf', text: albModule }]],
    ['CloudFormation, a target group without Targets', [{ path: 'stack.yaml', text: cfn }]],
    ['CDK TypeScript, a target group with no targets', [{ path: 'stack.ts', text: cdkTs }]],
    ['CDK Python, addTargets with targets from a parameter', [{ path: 'stack.py', text: cdkPy }]],
  ] as const) {
    it(`${label}: a notice, no invented cluster or client, HP103 only, at its one-target upper bound`, () => {
      const r = run([...files]);
      assert.equal(r.frontends.length, 1, JSON.stringify(r.notices));
      const fa = r.frontends[0]!;
      assert.equal(fa.cluster.targetKind?.value, 'unknown');
      assert.equal(fa.cluster.targetKind?.origin, 'assumed');
      assert.deepEqual(fa.simulation.clients, []);
      const nodes = fa.cluster.zones.value.flatMap((z) => z.nodes);
      assert.ok(!nodes.some((n) => /^n\d$|^node-/.test(n)), `no invented cluster nodes: ${nodes}`);
      assert.deepEqual(ids(r), ['HP103']);
      const hp103 = r.findings[0]!;
      assert.ok(Math.abs(hp103.probability - collision(1)) < 1e-12);
      assert.match(hp103.message, /^Up to about 2\.3%/);
      assert.match(hp103.message, /targets unknown: the rate for one target, the upper bound/);
      // Only fixes that hold for any targets: no Kubernetes-only change.
      assert.doesNotMatch(hp103.mitigations!.map((m) => m.title).join('\n'), /externalTrafficPolicy|pods as ip targets|ClusterIP/);
      const notice = unknownNotice(r)!;
      assert.equal(notice.level, 'info');
      assert.equal(notice.file, fa.frontend.targetGroup.file);
      assert.deepEqual(notice.span, fa.frontend.targetGroup.head, 'on the target group');
      assert.match(notice.message, /aws_lb_target_group_attachment.*TargetGroupBinding.*NodePort Service.*cluster\.targetGroups in \.hairpin\.yaml/);
      // Hover and explain say the targets are unknown instead of listing a stand-in cluster.
      assert.match(clusterNote(fa), /^_Targets unknown \(assumed: no attachment, Service, TargetGroupBinding/);
    });
  }

  it('one target group behind two listeners: one notice, one HP103', () => {
    const second = tfNlb().replace('resource "aws_lb_listener" "edge" {', 'resource "aws_lb_listener" "edge" {\n  # first').split('resource "aws_lb_listener"')[1]!.replace('"edge"', '"other"').replace('port              = 443', 'port              = 8443');
    const r = run([{ path: 'main.tf', text: `${tfNlb()}resource "aws_lb_listener"${second}` }]);
    assert.equal(r.frontends.length, 2);
    assert.equal(r.notices.filter((n) => /targets unknown/.test(n.message)).length, 1);
    assert.deepEqual(ids(r), ['HP103']);
  });

  it('the notice names the port a NodePort Service would need', () => {
    assert.match(unknownNotice(run([{ path: 'main.tf', text: tfNlb({ port: 31380 }) }]))!.message, /the NodePort Service on port 31380/);
    assert.match(unknownNotice(run([{ path: 'stack.yaml', text: cfn }]))!.message, /the NodePort Service on port 30443/);
  });

  it('cross-zone off or preservation off: nothing holds for any targets, so no finding; still the notice', () => {
    for (const text of [tfNlb({ crossZone: false }), tfNlb({ preserve: 'false' })]) {
      const r = run([{ path: 'main.tf', text }]);
      assert.deepEqual(r.findings, []);
      assert.ok(unknownNotice(r));
    }
  });
});

describe('what says the targets are Kubernetes nodes (the cluster is simulated)', () => {
  before(() => initTestGrammars());

  const service = (nodePort: number) =>
    ['apiVersion: v1', 'kind: Service', 'metadata: {name: gw, namespace: edge}', 'spec:', '  type: NodePort', '  selector: {app: gw}', '  ports:', `    - {port: 443, targetPort: 8443, nodePort: ${nodePort}}`, ''].join('\n');
  const binding = (serviceName: string) =>
    ['apiVersion: elbv2.k8s.aws/v1beta1', 'kind: TargetGroupBinding', 'metadata: {name: web, namespace: edge}', 'spec:', '  targetGroupName: web-tg', '  targetType: instance', '  serviceRef:', `    name: ${serviceName}`, '    port: 443', ''].join('\n');
  const asg = (address: string, group: string) =>
    [`resource "aws_autoscaling_attachment" "${address}" {`, `  autoscaling_group_name = ${group}`, '  lb_target_group_arn    = aws_lb_target_group.web.arn', '}', ''].join('\n');
  const config = (text: string): AnalysisConfig => ({ clusterOverrides: readHairpinConfig({ path: '.hairpin.yaml', text }).overrides });

  for (const [label, files, cfg, evidence] of [
    ['a NodePort Service on the target group port', [{ path: 'main.tf', text: tfNlb({ port: 31380 }) }, { path: 'svc.yaml', text: service(31380) }], {}, /Service edge\/gw has NodePort 31380/],
    ['a TargetGroupBinding with its Service', [{ path: 'main.tf', text: tfNlb() }, { path: 'tgb.yaml', text: binding('gw') }, { path: 'svc.yaml', text: service(31999) }], {}, /TargetGroupBinding edge\/web binds it/],
    ['a TargetGroupBinding whose Service is elsewhere', [{ path: 'main.tf', text: tfNlb() }, { path: 'tgb.yaml', text: binding('not-here') }], {}, /TargetGroupBinding edge\/web registers its targets/],
    ["an EKS node group's autoscaling group attached", [{ path: 'main.tf', text: tfNlb() + asg('gw', 'module.eks.eks_managed_node_groups_autoscaling_group_names[0]') }], {}, /node group .* is attached/],
    ['a self-managed group attached on a NodePort', [{ path: 'main.tf', text: tfNlb({ port: 31380 }) + asg('gw', 'aws_autoscaling_group.workers.name') }], {}, /is attached/],
    ['.hairpin.yaml listing the target group by name', [{ path: 'main.tf', text: tfNlb() }], config('cluster:\n  targetGroups: [web-tg]\n'), undefined],
    ['.hairpin.yaml listing the target group by address', [{ path: 'main.tf', text: tfNlb() }], config('cluster:\n  targetGroups: [aws_lb_target_group.web]\n'), undefined],
    ['.hairpin.yaml: every target group nothing else describes', [{ path: 'stack.yaml', text: cfn }], config('cluster:\n  zones: {a: 2, b: 2}\n  targetGroups: "*"\n'), undefined],
  ] as const) {
    it(`${label}: no notice, the cluster's nodes are the targets`, () => {
      const r = run([...files], cfg);
      const fa = r.frontends.find((a) => a.frontend.targetGroup.file !== 'svc.yaml')!;
      assert.equal(fa.cluster.targetKind, undefined);
      assert.equal(unknownNotice(r), undefined);
      assert.ok(fa.simulation.clients.length > 0);
      assert.ok(fa.simulation.collision.targets > 1);
      if (evidence) assert.match(fa.frontend.kubernetesTargets!.why, evidence);
    });
  }

  it('.hairpin.yaml listing another target group leaves this one unknown', () => {
    const r = run([{ path: 'main.tf', text: tfNlb() }], config('cluster:\n  targetGroups: [api-tg]\n'));
    assert.equal(r.frontends[0]!.cluster.targetKind?.value, 'unknown');
  });

  it('a complete cluster given to analyze() is the cluster behind every frontend', () => {
    const base = run([{ path: 'main.tf', text: tfNlb() }, { path: 'svc.yaml', text: service(8080) }]);
    const given = base.frontends.find((a) => a.frontend.service)!.cluster;
    const r = run([{ path: 'main.tf', text: tfNlb() }], { cluster: given });
    assert.equal(r.frontends[0]!.cluster.targetKind, undefined);
    assert.deepEqual(ids(r), ['HP101', 'HP103']);
  });

  it('cluster.targetGroups must be a list of names or "*"', () => {
    const { notices, overrides } = readHairpinConfig({ path: '.hairpin.yaml', text: 'cluster:\n  targetGroups: {a: 1}\n' });
    assert.match(notices[0]!.message, /cluster\.targetGroups must be a list of target group names/);
    assert.equal(overrides.targetGroups, undefined);
    const listed = readHairpinConfig({ path: '.hairpin.yaml', text: 'cluster:\n  targetGroups: [web-tg, ""]\n' });
    assert.deepEqual(listed.overrides.targetGroups?.value, ['web-tg']);
    assert.equal(listed.overrides.targetGroups?.origin, 'explicit');
    assert.match(listed.notices[0]!.message, /non-empty string/);
  });
});
