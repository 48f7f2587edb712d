import { classify, type ChoiceClass } from '../choice';
import { translate } from '../conntrack';
import { formatEndpoint, readdressed, tupleOf, type Packet } from '../packet';
import { inVpc, type HostNode, type Pod } from '../topology';
import type { PacketFields, SimContext } from '../world';
import { CLIENT, FABRIC, podId } from './ids';
import { natDiffs } from './nat';

/**
 * A worker node's network stack: the martian check, conntrack, kube-proxy's NodePort DNAT (and SNAT
 * for `Cluster`), the CNI's egress SNAT, and routing: local delivery or out to the VPC fabric.
 */
export function hostHandle(ctx: SimContext, node: HostNode, p: Packet, from: string): void {
  const s = ctx.topo.settings;
  const local = from === CLIENT || from.startsWith('pod:');
  if (!local && p.src.ip === node.ip) {
    if (ctx.recording) ctx.step({ type: 'filter', action: 'dropped', detail: { reason: `martian: the source ${p.src.ip} is this node's own address, so the kernel drops it` } });
    ctx.end('dropped-martian');
    return;
  }
  const table = ctx.world.table(node.name);
  let out: PacketFields = p;
  const match = table.lookup(p);
  if (match) {
    const closed = match.entry.state === 'closed';
    if (closed && p.flags.includes('SYN')) match.entry.state = 'open';
    if (ctx.recording) ctx.step({
      type: 'conntrack',
      action: closed && p.flags.includes('SYN') ? 'reopened' : match.direction === 'reply' ? 'matched-reply' : 'matched-original',
      detail: { tuple: tupleOf(p), reply: match.entry.reply },
    });
    const to = translate(match);
    out = readdressed(p, to.src, to.dst);
    const diffs = ctx.recording ? natDiffs(p, out) : [];
    if (diffs.length) {
      ctx.step({ type: 'nat', action: match.direction === 'reply' ? 'un-DNAT' : 'DNAT', detail: { by: match.direction === 'reply' ? "conntrack reverses this connection's NAT" : "conntrack applies this connection's NAT", diffs } });
    }
    if (p.flags.includes('RST')) match.entry.state = 'closed';
  } else if (!local && p.dst.ip === node.ip && p.dst.port === s.nodePort && s.targetType === 'instance' && !s.plainTargets) {
    const translated = kubeProxyNodePort(ctx, node, p);
    if (!translated) return;
    out = translated;
  } else if (local && p.dst.ip === ctx.topo.plan.clusterIp && p.dst.port === s.listenerPort) {
    const translated = kubeProxyClusterIp(ctx, node, p);
    if (!translated) return;
    out = translated;
  } else if (local && needsEgressSnat(ctx, p, from)) {
    out = readdressed(p, { ip: node.ip, port: p.src.port }, p.dst);
    table.add(tupleOf(p), tupleOf(out));
    if (ctx.recording) ctx.step({ type: 'nat', action: 'SNAT', detail: { by: egressSnatReason(ctx), diffs: natDiffs(p, out) } });
    if (ctx.recording) ctx.step({ type: 'conntrack', action: 'created', detail: { tuple: tupleOf(p), reply: { proto: 'tcp', src: out.dst, dst: out.src } } });
  } else if (p.flags.includes('SYN') && !p.flags.includes('ACK')) {
    // Linux tracks every connection, NAT or not, and consults NAT rules only for a connection's first
    // packet: a reply to this SYN must not be SNATed on its way back.
    table.add(tupleOf(p), tupleOf(p));
    if (ctx.recording) ctx.step({ type: 'conntrack', action: 'created', detail: { tuple: tupleOf(p), reply: { proto: 'tcp', src: p.dst, dst: p.src } } });
  }
  route(ctx, node, out, match?.direction === 'reply');
}

function kubeProxyNodePort(ctx: SimContext, node: HostNode, p: Packet): PacketFields | undefined {
  const s = ctx.topo.settings;
  const candidates: readonly Pod[] = s.trafficPolicy === 'Local' ? node.endpoints : ctx.topo.pods;
  if (candidates.length === 0) {
    if (ctx.recording) ctx.step({ type: 'filter', action: 'dropped', detail: { reason: 'kube-proxy has no endpoint for this NodePort on this node (externalTrafficPolicy: Local)' } });
    ctx.end('no-healthy-target');
    return undefined;
  }
  const clientNode = ctx.client.node?.name;
  const classes = cached(ctx, `nodeport:${node.name}`, () =>
    classify(
      candidates,
      (e) => `${e.node === node.name ? 'local' : 'remote'}|${e.node === clientNode ? 'client-node' : 'other'}`,
      (e, k) => `${e.name} on ${e.node}${k.startsWith('local') ? ' (this node)' : ''}${e.node === clientNode && e.node !== node.name ? " (the client's node)" : ''}`,
      (e) => podWeightFrom(node, e),
    ),
  );
  const chosen = ctx.chooser.choose(`kube-proxy endpoint on ${node.name}`, classes);
  const ep = chosen.value;
  if (ctx.recording) ctx.step({ type: 'choice', action: 'chose', detail: { what: 'kube-proxy endpoint', chosen: chosen.cls.label, classSize: chosen.cls.count, among: chosen.among, probability: chosen.probability.toString() } });
  const dnat = readdressed(p, p.src, { ip: ep.ip, port: ep.port });
  if (ctx.recording) ctx.step({ type: 'nat', action: 'DNAT', detail: { by: `kube-proxy NodePort ${s.nodePort} -> endpoint`, diffs: natDiffs(p, dnat) } });
  let out = dnat;
  if (s.trafficPolicy === 'Cluster') {
    out = readdressed(dnat, { ip: node.ip, port: p.src.port }, dnat.dst);
    if (ctx.recording) ctx.step({ type: 'nat', action: 'SNAT', detail: { by: 'kube-proxy masquerade (externalTrafficPolicy: Cluster)', diffs: natDiffs(dnat, out) } });
  }
  ctx.world.table(node.name).add(tupleOf(p), tupleOf(out));
  if (ctx.recording) ctx.step({ type: 'conntrack', action: 'created', detail: { tuple: tupleOf(p), reply: { proto: 'tcp', src: out.dst, dst: out.src } } });
  return out;
}

/** kube-proxy's ClusterIP rule for locally originated traffic: DNAT to any endpoint, no masquerade. */
function kubeProxyClusterIp(ctx: SimContext, node: HostNode, p: Packet): PacketFields | undefined {
  const pods = ctx.topo.pods;
  if (pods.length === 0) {
    if (ctx.recording) ctx.step({ type: 'filter', action: 'dropped', detail: { reason: 'the Service has no endpoints' } });
    ctx.end('no-healthy-target');
    return undefined;
  }
  const classes = cached(ctx, `clusterip:${node.name}`, () =>
    classify(
      pods,
      (e) => (e.node === node.name ? 'local' : 'remote'),
      (e, k) => `${e.name} on ${e.node}${k === 'local' ? ' (this node)' : ''}`,
      (e) => podWeightFrom(node, e),
    ),
  );
  const chosen = ctx.chooser.choose(`kube-proxy ClusterIP endpoint on ${node.name}`, classes);
  if (ctx.recording) ctx.step({ type: 'choice', action: 'chose', detail: { what: 'kube-proxy endpoint', chosen: chosen.cls.label, classSize: chosen.cls.count, among: chosen.among, probability: chosen.probability.toString() } });
  const out = readdressed(p, p.src, { ip: chosen.value.ip, port: chosen.value.port });
  if (ctx.recording) ctx.step({ type: 'nat', action: 'DNAT', detail: { by: `kube-proxy ClusterIP ${ctx.topo.plan.clusterIp} -> endpoint`, diffs: natDiffs(p, out) } });
  ctx.world.table(node.name).add(tupleOf(p), tupleOf(out));
  if (ctx.recording) ctx.step({ type: 'conntrack', action: 'created', detail: { tuple: tupleOf(p), reply: { proto: 'tcp', src: out.dst, dst: out.src } } });
  return out;
}

/** Pod egress SNAT: the VPC CNI masquerades only destinations outside the VPC; overlays all off-cluster ones. */
function needsEgressSnat(ctx: SimContext, p: PacketFields, from: string): boolean {
  const fromPod = from.startsWith('pod:') || (from === CLIENT && ctx.client.kind === 'pod');
  if (!fromPod) return false;
  if (ctx.topo.settings.cni === 'aws-vpc-cni') return !inVpc(ctx.topo, p.dst.ip);
  return !isPodAddress(ctx, p.dst.ip);
}

function egressSnatReason(ctx: SimContext): string {
  return ctx.topo.settings.cni === 'aws-vpc-cni'
    ? 'VPC CNI: pod traffic to outside the VPC is SNATed to the node'
    : 'overlay CNI: pod traffic leaving the cluster network is SNATed to the node';
}

function isPodAddress(ctx: SimContext, ip: string): boolean {
  return ctx.topo.podNode.has(ip) || (ctx.client.kind === 'pod' && ctx.client.ip === ip);
}

function route(ctx: SimContext, node: HostNode, p: PacketFields, reply: boolean): void {
  const target = localElement(ctx, node, p);
  if (target) {
    if (ctx.recording) ctx.step({
      type: 'route',
      action: 'local-delivery',
      detail: {
        note: `${formatEndpoint(p.dst)} is on this node: delivered locally${reply && target === CLIENT && callsNlb(ctx) ? ', so the reply never crosses the VPC fabric and cannot be steered back through the NLB' : ''}`,
      },
    });
    ctx.send(target, p);
    return;
  }
  if (p.dst.ip === node.ip) {
    if (ctx.recording) ctx.step({ type: 'filter', action: 'dropped', detail: { reason: `no socket on ${node.name} for ${formatEndpoint(p.dst)}` } });
    ctx.end('no-route');
    return;
  }
  if (ctx.recording) ctx.step({ type: 'route', action: 'to-fabric', detail: { note: `${p.dst.ip} is not on this node: out to the VPC fabric` } });
  ctx.send(FABRIC, p);
}

function callsNlb(ctx: SimContext): boolean {
  return ctx.topo.nlbByAddress.has(ctx.world.socket.remote.ip);
}

function localElement(ctx: SimContext, node: HostNode, p: PacketFields): string | undefined {
  const c = ctx.client;
  if (c.node?.name === node.name && c.ip === p.dst.ip && (c.kind === 'pod' || p.dst.port === ctx.world.socket.local.port)) return CLIENT;
  const pod = node.endpoints.find((e) => e.ip === p.dst.ip);
  return pod ? podId(pod.name) : undefined;
}

/**
 * How many real pods a representative stands for, seen from one node: on a node that stands for many
 * unnamed ones, "local" means the pods of that one real node only.
 */
function podWeightFrom(node: HostNode, pod: Pod): number {
  return pod.node === node.name ? pod.weight / node.weight : pod.weight;
}

/**
 * kube-proxy's endpoint classes on one node depend only on the topology, the node and the client's node,
 * all fixed for one enumeration: worked out once per enumeration (`ctx.cache`), not on every path.
 */
function cached(ctx: SimContext, key: string, make: () => ChoiceClass<Pod>[]): ChoiceClass<Pod>[] {
  let classes = ctx.cache.get(key) as ChoiceClass<Pod>[] | undefined;
  if (!classes) ctx.cache.set(key, (classes = make()));
  return classes;
}
