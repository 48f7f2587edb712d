import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { Fraction } from '../../server/src/core/simulate/fraction';
import type { Trace } from '../../server/src/core/simulate/trace';
import { initTestGrammars } from '../helpers/grammars';
import { CFN_INTERNAL_CROSS_ZONE_NLB } from '../helpers/cloudformation-nlb';

/**
 * Issue 10, kind D in CloudFormation and CDK: targets registered on a target group (`Targets`, an Auto
 * Scaling group's `TargetGroupARNs`, CDK `targets:` / `addTargets` / `addTarget`) are the simulated
 * targets, as Terraform attachments are. T plain hosts: each is picked 1 time in T, and a process on one
 * calling its own NLB is dropped as martian exactly then (HP102, 1/T); the collision estimate uses T.
 */
const collision = (targets: number) => 1 - Math.pow(1 - 1 / (28232 * targets), (1000 * 2) / 3);

const cfn = (targets: string, extra = '', targetType = 'instance', port = 8080) => `${CFN_INTERNAL_CROSS_ZONE_NLB}  WebGroup:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: ${targetType}
      Protocol: TCP
      Port: ${port}
      TargetGroupAttributes:
        - Key: preserve_client_ip.enabled
          Value: 'true'
${targets}
  Tcp:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Nlb
      Port: 443
      Protocol: TCP
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref WebGroup
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-123
  Api:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-456
${extra}`;
const targetsOf = (...ids: string[]) => `      Targets:\n${ids.map((id) => `        - Id: ${id}\n          Port: 8080`).join('\n')}`;

const cdkTs = (targets: string, more = '') =>
  [
    "import * as ec2 from 'aws-cdk-lib/aws-ec2';",
    "import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';",
    "import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';",
    "import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';",
    'export function build(scope: any, vpc: any) {',
    "  const web = new ec2.Instance(scope, 'Web', { vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2() });",
    "  const api = new ec2.Instance(scope, 'Api', { vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2() });",
    "  const fleet = new autoscaling.AutoScalingGroup(scope, 'Fleet', { vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2() });",
    "  const nlb = new elbv2.NetworkLoadBalancer(scope, 'Nlb', { vpc, crossZoneEnabled: true });",
    "  const listener = nlb.addListener('Tcp', { port: 443 });",
    `  const tg = listener.addTargets('Web', { port: 8080, preserveClientIp: true, targets: [${targets}] });`,
    more,
    '}',
    '',
  ].join('\n');

const cdkPy = (targets: string, more = '') =>
  [
    'from aws_cdk import aws_autoscaling as autoscaling, aws_ec2 as ec2',
    'from aws_cdk import aws_elasticloadbalancingv2 as elbv2',
    'from aws_cdk import aws_elasticloadbalancingv2_targets as targets',
    '',
    '',
    'def build(scope, vpc):',
    '    web = ec2.Instance(scope, "Web", vpc=vpc, instance_type=ec2.InstanceType("t3.micro"), machine_image=ec2.MachineImage.latest_amazon_linux2())',
    '    api = ec2.Instance(scope, "Api", vpc=vpc, instance_type=ec2.InstanceType("t3.micro"), machine_image=ec2.MachineImage.latest_amazon_linux2())',
    '    fleet = autoscaling.AutoScalingGroup(scope, "Fleet", vpc=vpc, instance_type=ec2.InstanceType("t3.micro"), machine_image=ec2.MachineImage.latest_amazon_linux2())',
    '    nlb = elbv2.NetworkLoadBalancer(scope, "Nlb", vpc=vpc, cross_zone_enabled=True)',
    '    listener = nlb.add_listener("Tcp", port=443)',
    `    tg = listener.add_targets("Web", port=8080, preserve_client_ip=True, targets=[${targets}])`,
    more,
    '',
  ].join('\n');

const plainCases: readonly (readonly [string, SourceFile, readonly string[]])[] = [
  ['CloudFormation: !Ref to an AWS::EC2::Instance', { path: 'a.yaml', text: cfn(targetsOf('!Ref Web')) }, ['Web']],
  ['CloudFormation: two instances, one by !Ref and one by id', { path: 'a.yaml', text: cfn(targetsOf('!Ref Web', 'i-0123456789abcdef0')) }, ['Web', 'i-0123456789abcdef0']],
  ['CloudFormation: IP targets, literal and !GetAtt PrivateIp', { path: 'b.yaml', text: cfn(targetsOf("'10.0.42.7'", '!GetAtt Api.PrivateIp'), '', 'ip') }, ['10.0.42.7', 'Api']],
  ['CloudFormation: an Auto Scaling group that is not a node group', { path: 'a.yaml', text: cfn('', '  Fleet:\n    Type: AWS::AutoScaling::AutoScalingGroup\n    Properties:\n      MinSize: "2"\n      MaxSize: "4"\n      TargetGroupARNs:\n        - !Ref WebGroup\n') }, ['Fleet']],
  ['CDK TypeScript: new InstanceTarget(web)', { path: 'a.ts', text: cdkTs('new targets.InstanceTarget(web)') }, ['web']],
  ['CDK TypeScript: InstanceIdTarget and IpTarget', { path: 'a.ts', text: cdkTs("new targets.InstanceIdTarget('i-0abc'), new targets.IpTarget('10.0.9.9')") }, ['i-0abc', '10.0.9.9']],
  ['CDK TypeScript: an AutoScalingGroup, and addTarget later', { path: 'a.ts', text: cdkTs('fleet', '  tg.addTarget(new targets.InstanceTarget(api));') }, ['fleet', 'api']],
  ['CDK Python: InstanceTarget(web)', { path: 'a.py', text: cdkPy('targets.InstanceTarget(web)') }, ['web']],
  ['CDK Python: two instances and an IpTarget', { path: 'a.py', text: cdkPy('targets.InstanceTarget(web), targets.InstanceTarget(api), targets.IpTarget("10.0.9.9")') }, ['web', 'api', '10.0.9.9']],
  ['CDK Python: an AutoScalingGroup through add_target', { path: 'a.py', text: cdkPy('', '    tg.add_target(fleet)') }, ['fleet']],
];

const steps = (t: Trace | undefined) => (t?.hops ?? []).flatMap((h) => h.steps.map((s) => ({ element: h.element, ...s })));

describe('targets registered in CloudFormation and CDK that are not Kubernetes nodes', () => {
  before(() => initTestGrammars());

  for (const [label, file, names] of plainCases) {
    it(`${label}: simulated as ${names.length} host(s) that run the backend, HP102 at 1/${names.length}, no six-node cluster`, () => {
      const r = analyze([file]);
      assert.equal(r.frontends.length, 1, JSON.stringify(r.notices));
      const fa = r.frontends[0]!;
      assert.deepEqual(fa.frontend.attached?.map((t) => t.name), names);
      assert.equal(fa.cluster.targetKind?.value, 'instances');
      const nodes = fa.cluster.zones.value.flatMap((z) => z.nodes);
      assert.deepEqual([...nodes].sort(), [...names].sort());
      assert.equal(fa.simulation.collision.targets, names.length);
      assert.ok(Math.abs(fa.simulation.collision.probability - collision(names.length)) < 1e-12);
      const hp102 = r.findings.find((f) => f.ruleId === 'HP102')!;
      assert.equal(hp102.probabilityExact, Fraction.of(1, names.length).toString());
      assert.equal(r.findings.find((f) => f.ruleId === 'HP101'), undefined);
      assert.equal(r.notices.find((n) => /targets unknown/.test(n.message)), undefined);
    });
  }

  it('a Lambda target registers no host: the targets stay unknown', () => {
    const text = cfn(targetsOf('!GetAtt Fn.Arn'), '  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: nodejs20.x\n');
    const r = analyze([{ path: 'l.yaml', text }]);
    assert.equal(r.frontends[0]!.cluster.targetKind?.value, 'unknown');
  });

  for (const [label, file] of [
    ['CloudFormation: the node group Auto Scaling group', { path: 'n.yaml', text: cfn('', '  NodeGroup:\n    Type: AWS::AutoScaling::AutoScalingGroup\n    Properties:\n      MinSize: "3"\n      MaxSize: "3"\n      TargetGroupARNs:\n        - !Ref WebGroup\n') }],
    ['CloudFormation: a group registered on a NodePort', { path: 'n.yaml', text: cfn('', '  Fleet:\n    Type: AWS::AutoScaling::AutoScalingGroup\n    Properties:\n      MinSize: "3"\n      MaxSize: "3"\n      TargetGroupARNs:\n        - !Ref WebGroup\n', 'instance', 31380) }],
    ['CDK TypeScript: nodes.map to InstanceTarget', { path: 'n.ts', text: cdkTs('...props.nodes.map((n: any) => new targets.InstanceTarget(n))').replace('(scope: any, vpc: any)', '(scope: any, vpc: any, props: any)') }],
    ['CDK TypeScript: EKS capacity', { path: 'n.ts', text: cdkTs('cluster.addAutoScalingGroupCapacity(\'Workers\', { minCapacity: 3 })').replace('(scope: any, vpc: any)', '(scope: any, vpc: any, cluster: any)') }],
    ['CDK Python: an unfollowed list named for nodes', { path: 'n.py', text: cdkPy('').replace('targets=[]', 'targets=worker_nodes').replace('def build(scope, vpc):', 'def build(scope, vpc, worker_nodes):') }],
  ] as const) {
    it(`${label}: Kubernetes nodes, so the cluster is simulated`, () => {
      const r = analyze([file]);
      const fa = r.frontends[0]!;
      assert.equal(fa.cluster.targetKind, undefined, JSON.stringify(fa.frontend.attached));
      assert.ok(fa.frontend.kubernetesTargets);
      assert.equal(fa.simulation.collision.targets, 6);
    });
  }
});

describe('the trace of a plain target has no kube-proxy: the host runs the backend', () => {
  before(() => initTestGrammars());

  const cases: readonly (readonly [string, SourceFile])[] = [
    ['Terraform aws_instance', { path: 'main.tf', text: tf('aws_instance.web.id') }],
    ['Terraform IP address', { path: 'main.tf', text: tf('"10.0.42.7"') }],
    ['CloudFormation Targets', plainCases[0]![1]],
    ['CDK TypeScript InstanceTarget', plainCases[4]![1]],
    ['CDK Python two instances', plainCases[8]![1]],
  ];
  for (const [label, file] of cases) {
    it(`${label}: the SYN is delivered to the backend on the host's own address and the target port, with no NAT but the NLB's`, () => {
      const r = analyze([file], { traces: true });
      const fa = r.frontends[0]!;
      const trace = fa.simulation.collisionTrace!;
      assert.ok(trace, 'cross-zone and preservation on: a collision trace');
      const all = steps(trace);
      assert.ok(!all.some((s) => JSON.stringify(s).includes('kube-proxy')), 'no kube-proxy step');
      assert.ok(all.filter((s) => s.type === 'nat').every((s) => s.element.startsWith('nlb:')), 'only the NLB rewrites addresses');
      const delivered = trace.hops.find((h) => h.element.startsWith('pod:'))!;
      const host = fa.cluster.zones.value.flatMap((z) => z.nodes);
      const hostHop = trace.hops.find((h) => h.element.startsWith('host:') && h.packet?.flags.includes('SYN') && !h.packet.flags.includes('ACK'))!;
      assert.ok(host.includes(hostHop.element.slice('host:'.length)));
      // The backend listens where the NLB sent the SYN: the host's own address and the target group port.
      assert.deepEqual(delivered.packet!.dst, hostHop.packet!.dst);
      assert.equal(delivered.packet!.dst.port, 8080);
      assert.ok(hostHop.steps.some((s) => s.type === 'route' && s.action === 'local-delivery'));
      for (const c of fa.simulation.clients.filter((x) => x.location.startsWith('host@'))) assert.equal(c.modes[0]!.mode, 'loopback-drop');
    });
  }

  it('for contrast, a Kubernetes node target still goes through kube-proxy', () => {
    const r = analyze([{ path: 'main.tf', text: tf('module.eks.eks_managed_node_groups_autoscaling_group_names[0]', true) }], { traces: true });
    assert.ok(steps(r.frontends[0]!.simulation.collisionTrace).some((s) => s.type === 'nat' && JSON.stringify(s).includes('kube-proxy')));
  });
});

function tf(target: string, asg = false): string {
  return [
    'resource "aws_lb" "edge" {',
    '  load_balancer_type = "network"',
    '  internal           = true',
    '  enable_cross_zone_load_balancing = true',
    '}',
    'resource "aws_lb_target_group" "web" {',
    '  port     = 8080',
    '  protocol = "TCP"',
    '}',
    'resource "aws_lb_listener" "edge" {',
    '  load_balancer_arn = aws_lb.edge.arn',
    '  port              = 443',
    '  protocol          = "TCP"',
    '  default_action {',
    '    type             = "forward"',
    '    target_group_arn = aws_lb_target_group.web.arn',
    '  }',
    '}',
    'resource "aws_instance" "web" {',
    '  ami = "ami-123"',
    '}',
    asg
      ? `resource "aws_autoscaling_attachment" "nodes" {\n  autoscaling_group_name = ${target}\n  lb_target_group_arn    = aws_lb_target_group.web.arn\n}`
      : `resource "aws_lb_target_group_attachment" "web" {\n  target_group_arn = aws_lb_target_group.web.arn\n  target_id        = ${target}\n  port             = 8080\n}`,
    '',
  ].join('\n');
}
