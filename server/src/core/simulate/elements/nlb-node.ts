import type { ChoiceClass } from '../choice';
import { formatEndpoint, readdressed, reverseTuple, tupleOf, type Packet } from '../packet';
import type { Target } from '../targets';
import { inVpc, weightOf, type NlbNode } from '../topology';
import type { FlowKey, NlbFlow, SimContext } from '../world';
import { FABRIC, INTERNET } from './ids';
import { natDiffs } from './nat';

/**
 * An NLB node: picks a healthy target in scope for a new flow (its own zone, or all zones with
 * cross-zone on), keeps the flow on it, keeps or replaces the client's address, and maps replies back.
 */
export function nlbHandle(ctx: SimContext, nlb: NlbNode, p: Packet): void {
  const s = ctx.topo.settings;
  const toListener = (p.dst.ip === nlb.address || p.dst.ip === nlb.privateIp) && p.dst.port === s.listenerPort;
  if (toListener) return forward(ctx, nlb, p);
  const flow = ctx.world.flowByTargetReply.get(ctx.world.key(p));
  if (!flow || flow.nlb.id !== nlb.id) {
    if (ctx.recording) ctx.step({ type: 'filter', action: 'dropped', detail: { reason: `no flow on this NLB node for ${formatEndpoint(p.src)} -> ${formatEndpoint(p.dst)}` } });
    ctx.end('no-route');
    return;
  }
  if (ctx.recording) ctx.step({ type: 'flow', action: 'matched', detail: { client: flow.client, target: flow.target, preservation: s.preserveClientIp } });
  const out = readdressed(p, { ip: nlb.address, port: s.listenerPort }, flow.client.src);
  if (ctx.recording) ctx.step({ type: 'nat', action: 'rewrite', detail: { by: 'NLB node maps the reply back to the client connection', diffs: natDiffs(p, out) } });
  ctx.send(inVpc(ctx.topo, out.dst.ip) ? FABRIC : INTERNET, out);
}

function forward(ctx: SimContext, nlb: NlbNode, p: Packet): void {
  const s = ctx.topo.settings;
  const flows = ctx.world.nlbFlows.get(nlb.id) ?? new Map<FlowKey, NlbFlow>();
  ctx.world.nlbFlows.set(nlb.id, flows);
  const key = ctx.world.key(p);
  let flow = flows.get(key);
  if (!flow && !p.flags.includes('SYN')) return noFlow(ctx, p);
  if (flow) {
    const header = s.proxyProtocolV2 && p.flags.includes('PSH') ? 'prepends a PROXY v2 header (the client address) to the first data segment' : undefined;
    if (ctx.recording) ctx.step({ type: 'flow', action: 'matched', detail: { client: flow.client, target: flow.target, preservation: s.preserveClientIp, ...(header ? { note: header } : {}) } });
  } else {
    const classes = targetClasses(ctx, nlb);
    if (classes.length === 0) {
      if (ctx.recording) ctx.step({ type: 'filter', action: 'dropped', detail: { reason: `no healthy target in scope (${s.crossZone ? 'all zones' : `zone ${nlb.zone} only: cross-zone is off`})` } });
      ctx.end('no-healthy-target');
      return;
    }
    const chosen = ctx.chooser.choose(`target from ${nlb.id}`, classes);
    if (ctx.recording) ctx.step({ type: 'choice', action: 'chose', detail: { what: 'NLB target', chosen: chosen.cls.label, classSize: chosen.cls.count, among: chosen.among, probability: chosen.probability.toString() } });
    const targetSrc = s.preserveClientIp ? p.src : { ip: nlb.privateIp, port: ctx.world.nextNlbPort++ };
    flow = { nlb, client: tupleOf(p), target: chosen.value.endpoint, targetSrc };
    flows.set(key, flow);
    const replyKey = ctx.world.key(reverseTuple({ proto: 'tcp', src: targetSrc, dst: flow.target }));
    const shadowed = ctx.world.flowByTargetReply.get(replyKey);
    ctx.world.flowByTargetReply.set(replyKey, flow);
    const note =
      shadowed && shadowed.nlb.id !== nlb.id
        ? `the target already has this exact 4-tuple from a flow through ${shadowed.nlb.id}; replies are now steered here (assumed: the newest flow wins)`
        : undefined;
    if (ctx.recording) ctx.step({ type: 'flow', action: 'created', detail: { client: flow.client, target: flow.target, preservation: s.preserveClientIp, ...(note ? { note } : {}) } });
  }
  const out = readdressed(p, flow.targetSrc, flow.target, s.proxyProtocolV2 ? true : p.proxyV2);
  if (ctx.recording) ctx.step({
    type: 'nat',
    action: 'rewrite',
    detail: { by: s.preserveClientIp ? 'NLB node: destination to the target, client IP and port preserved' : 'NLB node: source replaced by the NLB node address', diffs: natDiffs(p, out) },
  });
  ctx.send(FABRIC, out);
}

/**
 * Healthy targets in this node's scope, folded into the classes the packet model can tell apart: on
 * the client's own node or not, with a backend pod or not. Counts come from per-zone groups, so the
 * cost grows with zones, not nodes; one representative per class is simulated.
 */
function targetClasses(ctx: SimContext, nlb: NlbNode): ChoiceClass<Target>[] {
  const cacheKey = `targets:${nlb.id}`;
  const cached = ctx.cache.get(cacheKey) as ChoiceClass<Target>[] | undefined;
  if (cached) return cached;
  const s = ctx.topo.settings;
  const client = ctx.client.node;
  const clientNode = client?.name;
  const classes = new Map<string, { count: number; representative?: Target }>();
  const add = (key: string, count: number, pick: () => Target | undefined) => {
    if (count <= 0) return;
    const c = classes.get(key) ?? { count: 0 };
    c.count += count;
    c.representative ??= pick();
    classes.set(key, c);
  };
  for (const g of ctx.topo.zoneGroups) {
    if (!s.crossZone && g.zoneIndex !== nlb.zoneIndex) continue;
    if (s.targetType === 'instance') {
      const groups = s.trafficPolicy === 'Cluster' ? [g.withEndpoints, g.withoutEndpoints] : [g.withEndpoints];
      for (const nodes of groups) {
        const tag = nodes === g.withEndpoints ? 'with-endpoint' : 'no-endpoint';
        const mine = client && client.target && client.zoneIndex === g.zoneIndex && (client.endpoints.length > 0) === (nodes === g.withEndpoints) ? 1 : 0;
        const asTarget = (n: (typeof nodes)[number]): Target => ({ name: n.name, endpoint: { ip: n.ip, port: s.nodePort }, node: n.name, hasEndpoint: n.endpoints.length > 0 });
        add(`client-node|${tag}`, mine, () => asTarget(client!));
        add(`other-node|${tag}`, weightOf(nodes) - mine, () => {
          const n = nodes.find((x) => x.name !== clientNode);
          return n && asTarget(n);
        });
      }
    } else {
      const mine = client && client.zoneIndex === g.zoneIndex ? client.endpoints : [];
      const asTarget = (p: (typeof g.pods)[number]): Target => ({ name: p.name, endpoint: { ip: p.ip, port: p.port }, node: p.node, hasEndpoint: true });
      add('client-node|with-endpoint', weightOf(mine), () => asTarget(mine[0]!));
      add('other-node|with-endpoint', weightOf(g.pods) - weightOf(mine), () => {
        const p = g.pods.find((x) => x.node !== clientNode);
        return p && asTarget(p);
      });
    }
  }
  const result = [...classes.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, c]) => ({ key, count: c.count, representative: c.representative!, label: targetLabel(c.representative!, key, s.targetType, !!s.plainTargets) }));
  ctx.cache.set(cacheKey, result);
  return result;
}

function targetLabel(t: Target, key: string, targetType: 'instance' | 'ip', plain: boolean): string {
  // A plain target (an attached instance or address) is a host that runs the backend itself.
  if (plain) return `${t.node} (${key.startsWith('client-node') ? "the client's own host" : 'another host'}, runs the backend itself)`;
  const where = key.startsWith('client-node') ? "the client's own node" : 'another node';
  const pods = targetType === 'instance' ? (t.hasEndpoint ? ', runs a backend pod' : ', no backend pod') : '';
  return `${t.name}${targetType === 'ip' ? ` on ${t.node}` : ''} (${where}${pods})`;
}

/**
 * A segment that opens no connection (not a SYN) on a flow this node does not have, for example one it
 * dropped after the idle timeout: the NLB answers with an RST (FACTS §1 "Idle timeout"), and nothing
 * reaches a target.
 */
function noFlow(ctx: SimContext, p: Packet): void {
  if (ctx.recording) ctx.step({ type: 'flow', action: 'no-flow', detail: { client: tupleOf(p), note: `no flow for ${formatEndpoint(p.src)} -> ${formatEndpoint(p.dst)} (not a SYN): the NLB answers with an RST` } });
  if (p.flags.includes('RST')) return;
  ctx.send(inVpc(ctx.topo, p.src.ip) ? FABRIC : INTERNET, { src: p.dst, dst: p.src, flags: ['RST'], seq: p.ack, ack: 0 });
}

/** The node forgets a flow that stayed idle past the listener's timeout, silently: neither side is told. */
export function expireFlow(ctx: SimContext, nlb: NlbNode, flowKey: FlowKey, idleSeconds: number): void {
  const flow = ctx.world.nlbFlows.get(nlb.id)?.get(flowKey);
  if (!flow) return;
  ctx.world.nlbFlows.get(nlb.id)!.delete(flowKey);
  ctx.world.flowByTargetReply.delete(ctx.world.key(reverseTuple({ proto: 'tcp', src: flow.targetSrc, dst: flow.target })));
  if (ctx.recording) ctx.step({
    type: 'flow',
    action: 'expired',
    detail: { client: flow.client, target: flow.target, preservation: ctx.topo.settings.preserveClientIp, note: `idle for ${idleSeconds} s: the NLB drops the flow without telling either side (no FIN, no RST)` },
  });
}
