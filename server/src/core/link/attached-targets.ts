import type { ClientLocation, ClusterFacts, ZoneFacts } from '../model/cluster';
import type { AttachedTarget, Frontend } from '../model/frontend';
import { assumed, inferred } from '../model/sourced';
import type { TfAttachmentFact } from '../model/terraform';
import type { FileFacts } from '../model/workspace';
import type { TargetedCluster } from './target-nodes';

/** A target named for Kubernetes nodes: an EKS node group's autoscaling group, however it is referred to. */
const NODE_GROUP_ASG = /eks|node/i;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** Instances a frontend lists as clients calling their own NLB: a bound on the work. */
const MAX_INSTANCE_CLIENTS = 8;

/**
 * Attached targets by the model id of the target group they attach to: Terraform attachments, and what
 * CloudFormation and CDK readers found registered (`Targets`, `TargetGroupARNs`, `addTargets`).
 */
export function attachmentsByTargetGroup(files: readonly FileFacts[]): ReadonlyMap<string, AttachedTarget[]> {
  const out = new Map<string, AttachedTarget[]>();
  // Target group ports and aliases are looked up only when something is attached (most workspaces attach nothing).
  let tgPorts: Map<string, number | undefined> | undefined;
  let byAlias: Map<string, string> | undefined;
  const portOf = (tgId: string) => (tgPorts ??= new Map(files.flatMap((f) => f.targetGroups.map((tg) => [tg.id, tg.port?.value] as const)))).get(tgId);
  const aliasOf = (ref: string) => (byAlias ??= new Map(files.flatMap((f) => f.targetGroups.flatMap((tg) => (tg.aliases ?? []).map((a) => [a, tg.id] as const))))).get(ref);
  const add = (tgId: string, target: AttachedTarget) => {
    const list = out.get(tgId) ?? [];
    list.push(target);
    out.set(tgId, list);
  };
  for (const f of files) {
    for (const a of f.attachedTargets ?? []) {
      const t = asNodes(a.target, '', portOf(a.targetGroupId));
      // What unfollowed code registers is known only when it stands for nodes; otherwise the targets stay unknown.
      if (t.kind === 'node-group' || !t.opaque) add(a.targetGroupId, t);
    }
    if (f.terraform?.kind !== 'module') continue;
    for (const a of f.terraform.attachments) {
      const tgId = a.targetGroupId ?? (a.targetGroupRef !== undefined ? aliasOf(a.targetGroupRef) : undefined);
      if (!tgId) continue;
      const target = attachedTarget(a);
      if (target) add(tgId, asNodes(target, a.address, portOf(tgId)));
    }
  }
  return out;
}

/**
 * Kubernetes nodes, however they are registered: a target named for nodes (`GatewayNode…`, an EKS node
 * group's autoscaling group, the attachment `nodes`), or a group of hosts (an autoscaling group, a list
 * code makes) registered on a NodePort (30000-32767, FACTS §4). A single instance on such a port stays
 * an instance: it may be anything, such as a bastion.
 */
function asNodes(t: AttachedTarget, address: string, port: number | undefined): AttachedTarget {
  if (t.kind === 'node-group' || t.kind === 'ip') return t;
  const group = t.kind === 'autoscaling-group' || !!t.several;
  const named = NODE_GROUP_ASG.test(group ? `${t.name} ${address}` : t.name);
  const onNodePort = group && port !== undefined && port >= 30000 && port <= 32767;
  return named || onNodePort ? { ...t, kind: 'node-group' } : t;
}

function attachedTarget(a: TfAttachmentFact): AttachedTarget | undefined {
  if (a.kind === 'autoscaling-attachment') {
    const name = a.autoscalingGroup?.value ?? a.address;
    return { name, kind: 'autoscaling-group', span: a.autoscalingGroup?.span ?? a.head };
  }
  const id = a.targetId?.value;
  if (!id) return undefined;
  // An ALB or a Lambda function is not a host that can call its own NLB.
  if (/^(?:aws_lb|aws_alb|aws_lambda_function)\./.test(id)) return undefined;
  // `aws_instance.web.id` (a reference) names the instance by its resource address.
  const name = id.replace(/\.(?:id|private_ip|arn)$/, '');
  return { name, kind: IPV4.test(id) || /\.private_ip$/.test(id) ? 'ip' : 'instance', span: a.targetId?.span ?? a.head };
}

/**
 * The cluster as a frontend's attachments describe it. Attached instances or addresses that are not
 * Kubernetes nodes run the backend themselves: they are the targets (one each, spread over the NLB's
 * zones), and each may call its own NLB. With a Service or an EKS node group attached as well, they
 * are targets next to the cluster's nodes.
 */
export function withAttachedTargets(frontend: Frontend, cluster: ClusterFacts): TargetedCluster {
  const attached = frontend.attached ?? [];
  const plain = attached.filter((t) => t.kind !== 'node-group');
  const hasCluster = !!frontend.service || attached.some((t) => t.kind === 'node-group');
  if (plain.length === 0) return { cluster, notices: [] };
  const names = uniqueNames(plain.map((t) => t.name), new Set(cluster.zones.value.flatMap((z) => z.nodes)));
  const list = plain.map((t, i) => `${names[i]} (${t.kind === 'autoscaling-group' ? 'an autoscaling group, counted as one instance' : t.several ? `${t.kind}s Hairpin cannot count, counted as one` : t.kind})`).join(', ');
  const zoneNames = cluster.zones.value.map((z) => z.name);
  const spread = (base: readonly ZoneFacts[]): ZoneFacts[] =>
    base.map((z, k) => ({ ...z, nodes: [...z.nodes, ...names.filter((_, i) => i % zoneNames.length === k)] }));
  const span = plain[0]!.span;
  const hosts = names.slice(0, MAX_INSTANCE_CLIENTS).map((n) => `host@${n}` as ClientLocation);
  if (!hasCluster) {
    const zones = inferred(spread(zoneNames.map((name) => ({ name, nodes: [] }))), `attached targets: ${list}; their zones are not known, so they are spread over the NLB's ${zoneNames.length} zones`, span);
    return {
      cluster: {
        ...cluster,
        zones,
        endpoints: inferred(Object.fromEntries(names.map((n) => [n, 1])), 'each attached instance runs the backend itself', span),
        clients: assumed([...hosts, 'vpc'], 'each attached instance calling its own NLB, and an instance in the VPC'),
        targetKind: inferred('instances', `the target group's attachments register ${list}, not Kubernetes nodes`, span),
      },
      notices: [],
    };
  }
  const targetNodes = cluster.targetNodes && { ...cluster.targetNodes, value: { ...cluster.targetNodes.value, nodes: [...cluster.targetNodes.value.nodes, ...names] } };
  const clients = cluster.clients.span ? cluster.clients : assumed([...cluster.clients.value, ...hosts.slice(0, 1)], `${cluster.clients.why ?? 'the cluster’s clients'}, and an attached instance calling its own NLB`);
  return {
    cluster: {
      ...cluster,
      zones: inferred(spread(cluster.zones.value), `${cluster.zones.why ?? 'the cluster’s nodes'}; plus attached targets: ${list}`, span),
      clients,
      ...(targetNodes ? { targetNodes } : {}),
      targetKind: inferred('mixed', `the target group has the cluster's nodes and attached targets: ${list}`, span),
    },
    notices: [],
  };
}

/** Target names that do not clash with node names or each other. */
function uniqueNames(names: readonly string[], taken: Set<string>): string[] {
  return names.map((n) => {
    let out = n;
    while (taken.has(out)) out += "'";
    taken.add(out);
    return out;
  });
}
