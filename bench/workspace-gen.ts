/**
 * A generated workspace for the stdio bench: by default 5,000 files holding 500 NLBs of distinct shapes
 * (see TESTING.md, "Measuring the language server honestly": copies of one Service would all hit one
 * memo entry and hide the real cost). Deterministic for a seed; written under a fresh temp dir.
 *
 * Each NLB takes one point of a shape grid (replicas x target type x preservation x proxy protocol x
 * cross-zone x externalTrafficPolicy x scheme), drawn without replacement, plus its own ports and, for
 * some, a listener idle timeout (`tcp.idle_timeout.seconds`). NLBs are spread over the formats the server
 * reads: Kubernetes Service + Deployment (most), IstioOperator, istio/gateway chart values, Terraform
 * folders (aws_lb + aws_lb_target_group + aws_lb_listener) and CloudFormation. The Kubernetes backends
 * take turns: a workload of unknown software, ingress-nginx (its ConfigMap with or without
 * `use-proxy-protocol`, some with a `keep-alive` over the NLB's 350 s) and the Istio gateway (Envoy's
 * 3600 s idle timeout; some with `gatewayTopology.proxyProtocol`), so every rule (HP101-HP105) has
 * NLBs to fire on. The rest is filler: ConfigMaps, other Deployments, unrelated .tf/.ts/.py.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { seededRandom } from '../server/src/core/simulate/random';
import { backendYaml, deploymentYaml } from './workspace-backends';

export interface Shape {
  readonly replicas: number;
  readonly targetType: 'instance' | 'ip';
  /** undefined: not written (the AWS default applies). */
  readonly preserve: boolean | undefined;
  readonly proxy: boolean;
  /** undefined: not written. */
  readonly crossZone: boolean | undefined;
  readonly local: boolean;
  readonly internal: boolean;
  readonly port: number;
  readonly targetPort: number;
  readonly nodePort: number;
  /** The listener's `tcp.idle_timeout.seconds`; undefined: not written (350 s, FACTS.md "Idle timeout"). */
  readonly idleTimeout?: number;
}

export interface GeneratedWorkspace {
  readonly root: string;
  readonly files: number;
  readonly nlbs: number;
  readonly bytes: number;
  readonly byFormat: Readonly<Record<string, number>>;
  /** The NLB Service the bench edits (a Kubernetes Service; its Deployment is in another file). */
  readonly edited: { readonly path: string; readonly text: string; readonly shape: Shape; readonly name: string };
}


const REPLICAS = 40;
/** Shapes per replica count: target type x preservation x proxy protocol x cross-zone x policy x scheme. */
const SHAPES_PER_REPLICA_COUNT = 2 * 3 * 2 * 3 * 2 * 2;

function shapeAt(index: number, ordinal: number, replicaCounts = REPLICAS): Shape {
  let k = index;
  const pick = (n: number) => {
    const v = k % n;
    k = Math.floor(k / n);
    return v;
  };
  const replicas = 1 + pick(replicaCounts);
  const targetType = pick(2) === 0 ? 'instance' : 'ip';
  const preserve = [undefined, true, false][pick(3)];
  const proxy = pick(2) === 1;
  const crossZone = [undefined, true, false][pick(3)];
  const local = pick(2) === 1;
  const internal = pick(2) === 0;
  const idleTimeout = IDLE_TIMEOUTS[ordinal % IDLE_TIMEOUTS.length];
  return { replicas, targetType, preserve, proxy, crossZone, local, internal, port: 443 + (ordinal % 7) * 1000, targetPort: 8000 + ordinal, nodePort: 30000 + ordinal, ...(idleTimeout ? { idleTimeout } : {}) };
}

/** Listener idle timeouts, by ordinal (7 of them: no period shared with the format or backend turns): mostly unwritten, some below the backends' and one above Envoy's 3600 s. */
const IDLE_TIMEOUTS = [undefined, undefined, 120, undefined, 600, 4000, 250] as const;

/**
 * `count` distinct grid points, in a seeded order. The grid has 40 replica counts (5,760 shapes); more
 * NLBs than that widen it to as many replica counts as they need.
 */
function distinctShapes(count: number, rand: () => number): Shape[] {
  const replicaCounts = Math.max(REPLICAS, Math.ceil(count / SHAPES_PER_REPLICA_COUNT));
  const grid = replicaCounts * SHAPES_PER_REPLICA_COUNT;
  const idx = Array.from({ length: grid }, (_, i) => i);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, count).map((g, ordinal) => shapeAt(g, ordinal, replicaCounts));
}

const LBC = 'service.beta.kubernetes.io/aws-load-balancer';

function tgAttributes(s: Shape): string | undefined {
  const parts = [];
  if (s.preserve !== undefined) parts.push(`preserve_client_ip.enabled=${s.preserve}`);
  if (s.proxy) parts.push('proxy_protocol_v2.enabled=true');
  return parts.length ? parts.join(',') : undefined;
}

/** The annotation lines of an LBC-managed NLB Service (indented by `indent`). */
function annotations(s: Shape, indent: string): string {
  const lines = [`${LBC}-type: external`, `${LBC}-nlb-target-type: ${s.targetType}`, `${LBC}-scheme: ${s.internal ? 'internal' : 'internet-facing'}`];
  if (s.crossZone !== undefined) lines.push(`${LBC}-attributes: load_balancing.cross_zone.enabled=${s.crossZone}`);
  const tga = tgAttributes(s);
  if (tga) lines.push(`${LBC}-target-group-attributes: ${tga}`);
  if (s.idleTimeout !== undefined) lines.push(`${LBC}-listener-attributes.TCP-${s.port}: tcp.idle_timeout.seconds=${s.idleTimeout}`);
  return lines.map((l) => `${indent}${l}`).join('\n');
}

/** A Kubernetes NLB Service; `serviceYaml(name, shape)` is also what the bench's edits rewrite. */
export function serviceYaml(name: string, ns: string, s: Shape, comment = ''): string {
  return `# ${name}: NLB in front of ${name} (${s.replicas} replicas)${comment}
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
  annotations:
${annotations(s, '    ')}
spec:
  type: LoadBalancer
${s.local ? '  externalTrafficPolicy: Local\n' : ''}  selector:
    app: ${name}
  ports:
    - name: tcp
      port: ${s.port}
      targetPort: ${s.targetPort}
      nodePort: ${s.nodePort}
`;
}

export function istioOperator(name: string, s: Shape): string {
  return `apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata:
  name: ${name}
  namespace: istio-system
spec:
  profile: default
  components:
    ingressGateways:
      - name: ${name}-gw
        enabled: true
        k8s:
          replicaCount: ${s.replicas}
          serviceAnnotations:
${annotations(s, '            ')}
          service:
            externalTrafficPolicy: ${s.local ? 'Local' : 'Cluster'}
            ports:
              - name: tls
                port: ${s.port}
                targetPort: ${s.targetPort}
`;
}

export function chartValues(s: Shape): string {
  return `# values for the istio/gateway chart
replicaCount: ${s.replicas}
service:
  type: LoadBalancer
  annotations:
${annotations(s, '    ')}
  externalTrafficPolicy: ${s.local ? 'Local' : '""'}
  ports:
    - name: tls
      port: ${s.port}
      targetPort: ${s.targetPort}
`;
}

export function terraform(name: string, s: Shape): Record<string, string> {
  const tg = [
    `resource "aws_lb_target_group" "${name}" {`,
    `  name        = "${name}"`,
    `  port        = ${s.targetType === 'ip' ? s.targetPort : s.nodePort}`,
    `  protocol    = "TCP"`,
    `  vpc_id      = var.vpc_id`,
    `  target_type = "${s.targetType}"`,
    ...(s.preserve !== undefined ? [`  preserve_client_ip = "${s.preserve}"`] : []),
    ...(s.proxy ? ['  proxy_protocol_v2 = true'] : []),
    '',
    '  health_check {',
    '    protocol = "TCP"',
    '  }',
    '}',
  ];
  return {
    'lb.tf': [
      `resource "aws_lb" "${name}" {`,
      `  name               = "${name}"`,
      `  load_balancer_type = "network"`,
      `  internal           = ${s.internal}`,
      `  subnets            = var.private_subnet_ids`,
      ...(s.crossZone !== undefined ? [`  enable_cross_zone_load_balancing = ${s.crossZone}`] : []),
      '}',
      '',
    ].join('\n'),
    'target-group.tf': tg.join('\n') + '\n',
    'listener.tf': [
      `resource "aws_lb_listener" "${name}" {`,
      `  load_balancer_arn = aws_lb.${name}.arn`,
      `  port              = ${s.port}`,
      `  protocol          = "TCP"`,
      ...(s.idleTimeout !== undefined ? [`  tcp_idle_timeout_seconds = ${s.idleTimeout}`] : []),
      '',
      '  default_action {',
      '    type             = "forward"',
      `    target_group_arn = aws_lb_target_group.${name}.arn`,
      '  }',
      '}',
      '',
      'variable "vpc_id" {',
      '  type = string',
      '}',
      '',
      'variable "private_subnet_ids" {',
      '  type = list(string)',
      '}',
      '',
    ].join('\n'),
  };
}

export function cloudFormation(name: string, s: Shape): string {
  const tga = [
    ...(s.preserve !== undefined ? [`        - Key: preserve_client_ip.enabled\n          Value: '${s.preserve}'`] : []),
    ...(s.proxy ? [`        - Key: proxy_protocol_v2.enabled\n          Value: 'true'`] : []),
  ];
  return `AWSTemplateFormatVersion: '2010-09-09'
Description: ${name}, an NLB in front of the cluster
Parameters:
  VpcId:
    Type: AWS::EC2::VPC::Id
  PrivateSubnets:
    Type: List<AWS::EC2::Subnet::Id>
Resources:
  Nlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Name: ${name}
      Type: network
      Scheme: ${s.internal ? 'internal' : 'internet-facing'}
      Subnets: !Ref PrivateSubnets
${s.crossZone !== undefined ? `      LoadBalancerAttributes:\n        - Key: load_balancing.cross_zone.enabled\n          Value: '${s.crossZone}'\n` : ''}  Targets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Name: ${name}-tg
      VpcId: !Ref VpcId
      Protocol: TCP
      TargetType: ${s.targetType}
      Port: ${s.targetType === 'ip' ? s.targetPort : s.nodePort}
${tga.length ? `      TargetGroupAttributes:\n${tga.join('\n')}\n` : ''}  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Nlb
      Port: ${s.port}
      Protocol: TCP
${s.idleTimeout !== undefined ? `      ListenerAttributes:\n        - Key: tcp.idle_timeout.seconds\n          Value: '${s.idleTimeout}'\n` : ''}      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref Targets
`;
}

const fillers: ((i: number, r: () => number) => [string, string])[] = [
  (i, r) => [`k8s/config/cm-${i}.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: team-${i % 23}\ndata:\n  LOG_LEVEL: ${['debug', 'info', 'warn'][i % 3]}\n  POOL_SIZE: "${1 + Math.floor(r() * 64)}"\n  FEATURE_${i}: "on"\n`],
  (i, r) => [`k8s/workloads/worker-${i}.yaml`, deploymentYaml(`worker-${i}`, `team-${i % 23}`, 1 + Math.floor(r() * 12), false)],
  (i, r) => [
    `infra/misc-${i % 97}/s3-${i}.tf`,
    `resource "aws_s3_bucket" "b${i}" {\n  bucket = "bucket-${i}-${Math.floor(r() * 1e6)}"\n  tags = {\n    team = "platform"\n    id   = "${i}"\n  }\n}\n`,
  ],
  (i) => [`src/lib/util${i}.ts`, `export function util${i}(x: number): number {\n  return x * ${i} + ${i % 7};\n}\n\nexport const NAME_${i} = 'util-${i}';\n`],
  (i) => [`scripts/tool_${i}.py`, `def tool_${i}(values):\n    """Sums the values, ${i} times."""\n    return sum(values) * ${i}\n\n\nif __name__ == "__main__":\n    print(tool_${i}([1, 2, 3]))\n`],
];

export interface GenerateOptions {
  readonly files?: number;
  readonly nlbs?: number;
  readonly seed?: number;
  /** Where to write; default: a fresh dir under the OS temp dir. */
  readonly root?: string;
}

/** Writes the workspace and says where the edited Service is. */
export function generateWorkspace(opts: GenerateOptions = {}): GeneratedWorkspace {
  const total = opts.files ?? 5000;
  const nlbs = opts.nlbs ?? 500;
  const seed = opts.seed ?? 20261130;
  const rand = seededRandom(seed);
  const root = opts.root ?? mkdtempSync(join(tmpdir(), 'hairpin-bench-ws-'));
  const shapes = distinctShapes(nlbs, rand);
  const out = new Map<string, string>();
  const byFormat: Record<string, number> = { 'k8s Service+Deployment': 0, IstioOperator: 0, 'istio/gateway values': 0, Terraform: 0, CloudFormation: 0, filler: 0 };
  let edited: GeneratedWorkspace['edited'] | undefined;

  shapes.forEach((s, i) => {
    const name = `nlb-${String(i).padStart(3, '0')}`;
    const slot = i % 20; // 14/20 Kubernetes, 1 IstioOperator, 1 chart values, 2 Terraform, 2 CloudFormation
    if (slot < 14) {
      const ns = `team-${i % 23}`;
      const path = `k8s/${ns}/${name}/service.yaml`;
      const text = serviceYaml(name, ns, s);
      out.set(path, text);
      out.set(`k8s/${ns}/${name}/deployment.yaml`, backendYaml(name, ns, s, i));
      byFormat['k8s Service+Deployment']!++;
      edited ??= { path, text, shape: s, name };
    } else if (slot === 14) {
      out.set(`istio/${name}/operator.yaml`, istioOperator(name, s));
      byFormat.IstioOperator!++;
    } else if (slot === 15) {
      out.set(`charts/${name}/values.yaml`, chartValues(s));
      byFormat['istio/gateway values']!++;
    } else if (slot < 18) {
      for (const [f, text] of Object.entries(terraform(name.replace(/-/g, '_'), s))) out.set(`terraform/${name}/${f}`, text);
      byFormat.Terraform!++;
    } else {
      out.set(`cloudformation/${name}.yaml`, cloudFormation(name, s));
      byFormat.CloudFormation!++;
    }
  });
  for (let i = 0; out.size < total; i++) {
    const [path, text] = fillers[i % fillers.length]!(i, rand);
    out.set(path, text);
    byFormat.filler!++;
  }
  let bytes = 0;
  for (const [path, text] of out) {
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    bytes += Buffer.byteLength(text);
  }
  if (!edited) throw new Error('the workspace needs at least one Kubernetes NLB Service');
  return { root, files: out.size, nlbs, bytes, byFormat, edited: { ...edited, path: join(root, edited.path) } };
}
