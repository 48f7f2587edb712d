import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { Fraction } from '../../server/src/core/simulate/fraction';
import { initTestGrammars } from '../helpers/grammars';
import { collisionRate, edgeNlbTf } from '../helpers/terraform-nlb';

/**
 * Kind D of issue 10: NLBs whose targets are not Kubernetes nodes. Derivations: with cross-zone on and
 * T attached instances, every NLB node picks each instance with 1/T; an instance calling its own NLB
 * is dropped as martian exactly when it is picked (1/T). Two NLB nodes share a target with q = 1/T, so
 * the collision rate is 1 - (1 - 1/(R T))^(K (Z-1)/Z) with Z = 3 NLB nodes, K = 1,000, R = 28,232.
 */
const collision = collisionRate;

const nlb = (opts: { crossZone?: boolean; preserve?: string; tgPort?: number } = {}) => edgeNlbTf({ lbName: 'edge', ...opts });

const attach = (name: string, targetId: string) =>
  [`resource "aws_lb_target_group_attachment" "${name}" {`, '  target_group_arn = aws_lb_target_group.web.arn', `  target_id        = ${targetId}`, '  port             = 8080', '}', ''].join('\n');
const instance = (name: string) => [`resource "aws_instance" "${name}" {`, '  ami           = "ami-123"', '  instance_type = "t3.micro"', '}', ''].join('\n');

const run = (...texts: string[]) => analyze([{ path: 'main.tf', text: texts.join('\n') }]);
const finding = (r: ReturnType<typeof analyze>, id: string) => r.findings.find((f) => f.ruleId === id);

describe('targets attached in Terraform that are not Kubernetes nodes', () => {
  before(() => initTestGrammars());

  for (const [label, targets] of [
    ['one aws_instance', [['web', 'aws_instance.web.id']]],
    ['an instance id written out', [['web', '"i-0123456789abcdef0"']]],
    ['an IP address outside the cluster', [['web', '"10.0.42.7"']]],
    ['two aws_instances', [['a', 'aws_instance.a.id'], ['b', 'aws_instance.b.id']]],
    ['three targets of mixed kinds', [['a', 'aws_instance.a.id'], ['b', '"10.0.9.9"'], ['c', 'aws_instance.c.private_ip']]],
  ] as const) {
    it(`${label}: simulated as ${targets.length} target(s), no six-node cluster; an instance calling its own NLB fails 1/${targets.length} (HP102)`, () => {
      const instances = targets.filter(([, id]) => id.startsWith('aws_instance')).map(([n]) => instance(n));
      const r = run(nlb(), ...instances, ...targets.map(([n, id]) => attach(n, id)));
      assert.equal(r.frontends.length, 1);
      const fa = r.frontends[0]!;
      assert.equal(fa.cluster.targetKind?.value, 'instances');
      const nodes = fa.cluster.zones.value.flatMap((z) => z.nodes);
      assert.equal(nodes.length, targets.length);
      assert.ok(!nodes.some((n) => /^n\d$|^node-/.test(n)), `no invented cluster nodes: ${nodes}`);
      assert.equal(fa.simulation.collision.targets, targets.length);
      assert.ok(Math.abs(fa.simulation.collision.probability - collision(targets.length)) < 1e-12);
      // No pods: the only clients are the instances themselves and an instance in the VPC.
      assert.ok(fa.simulation.clients.every((c) => c.location === 'vpc' || c.location.startsWith('host@')));
      for (const c of fa.simulation.clients) {
        if (c.location === 'vpc') assert.equal(c.failureProbability.toString(), '0');
        else {
          assert.equal(c.failureProbability.toString(), Fraction.of(1, targets.length).toString());
          assert.equal(c.modes[0]!.mode, 'loopback-drop');
        }
      }
      const hp102 = finding(r, 'HP102')!;
      assert.equal(hp102.probabilityExact, Fraction.of(1, targets.length).toString());
      assert.match(hp102.message, /an instance that calls its own NLB/);
      assert.equal(finding(r, 'HP101'), undefined);
      const hp103 = finding(r, 'HP103')!;
      assert.match(hp103.message, new RegExp(`; ${targets.length} targets?, `));
      // Kubernetes fixes make no sense for plain instances.
      const titles = [...hp102.mitigations!, ...hp103.mitigations!].map((m) => m.title).join('\n');
      assert.doesNotMatch(titles, /externalTrafficPolicy|pods as ip targets|ClusterIP/);
    });
  }

  it('with cross-zone off, one instance still gets every connection from itself, and no collision', () => {
    const r = run(nlb({ crossZone: false }), instance('web'), attach('web', 'aws_instance.web.id'));
    assert.equal(finding(r, 'HP102')?.probabilityExact, '1');
    assert.match(finding(r, 'HP102')!.message, /^All connections/);
    assert.equal(finding(r, 'HP103'), undefined);
  });

  it('with preservation off there is no finding at all', () => {
    const r = run(nlb({ preserve: 'false' }), instance('web'), attach('web', 'aws_instance.web.id'));
    assert.deepEqual(r.findings.map((f) => f.ruleId), []);
  });

  it('an autoscaling group that is not an EKS node group is a target too', () => {
    const asg = ['resource "aws_autoscaling_attachment" "web" {', '  autoscaling_group_name = aws_autoscaling_group.web.name', '  lb_target_group_arn    = aws_lb_target_group.web.arn', '}', ''].join('\n');
    const r = run(nlb(), asg);
    assert.equal(r.frontends[0]!.cluster.targetKind?.value, 'instances');
    assert.ok(finding(r, 'HP102'));
  });

  for (const [label, group, port, resource] of [
    ['a self-managed group registered on a NodePort', 'aws_autoscaling_group.workers.name', 31380, 'workers'],
    ['an attachment named for nodes, its group known only after apply', 'var.asg_name', 8080, 'nodes'],
    ['a group named for an EKS node group', 'aws_autoscaling_group.eks_workers.name', 8080, 'web'],
  ] as const) {
    it(`${label} means Kubernetes nodes, not plain instances`, () => {
      const asg = [`resource "aws_autoscaling_attachment" "${resource}" {`, `  autoscaling_group_name = ${group}`, '  lb_target_group_arn    = aws_lb_target_group.web.arn', '}', ''].join('\n');
      const r = run(nlb({ tgPort: port }), asg);
      assert.equal(r.frontends[0]!.cluster.targetKind, undefined);
      assert.equal(r.frontends[0]!.simulation.collision.targets, 6);
    });
  }

  it("an EKS node group's autoscaling group means the cluster's nodes: the cluster is simulated as before", () => {
    const asg = ['resource "aws_autoscaling_attachment" "nodes" {', '  autoscaling_group_name = module.eks.eks_managed_node_groups_autoscaling_group_names[0]', '  lb_target_group_arn    = aws_lb_target_group.web.arn', '}', ''].join('\n');
    const r = run(nlb(), asg);
    assert.equal(r.frontends[0]!.cluster.targetKind, undefined);
    assert.equal(r.frontends[0]!.simulation.collision.targets, 6);
  });
});

describe('mixed: attached instances next to the cluster nodes', () => {
  before(() => initTestGrammars());

  const service = [
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: gw, namespace: edge}',
    'spec:',
    '  type: NodePort',
    '  ports:',
    '  - {port: 443, targetPort: 8443, nodePort: 31380}',
    '',
  ].join('\n');

  for (const count of [1, 2]) {
    it(`the Service's six nodes plus ${count} attached instance(s): every target 1/${6 + count}`, () => {
      const names = ['web', 'api'].slice(0, count);
      const tf = [nlb({ tgPort: 31380 }), ...names.map(instance), ...names.map((n) => attach(n, `aws_instance.${n}.id`))].join('\n');
      const r = analyze([
        { path: 'main.tf', text: tf },
        { path: 'svc.yaml', text: service },
      ]);
      const fa = r.frontends[0]!;
      assert.equal(fa.cluster.targetKind?.value, 'mixed');
      assert.equal(fa.simulation.collision.targets, 6 + count);
      const p = Fraction.of(1, 6 + count).toString();
      const pod = fa.simulation.clients.find((c) => c.location === 'pod@n1')!;
      assert.equal(pod.failureProbability.toString(), p);
      const host = fa.simulation.clients.find((c) => c.location === 'host@aws_instance.web')!;
      assert.equal(host.failureProbability.toString(), p);
      assert.equal(host.modes[0]!.mode, 'loopback-drop');
      assert.equal(finding(r, 'HP101')?.probabilityExact, p);
      assert.equal(finding(r, 'HP102')?.probabilityExact, p);
    });
  }
});
