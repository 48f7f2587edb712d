import { classify, type ChoiceClass } from '../choice';
import type { NlbNode } from '../topology';
import { hasHealthyTarget } from '../targets';
import { formatEndpoint, sameEndpoint, type Packet } from '../packet';
import type { SimContext } from '../world';
import { FABRIC, hostId, INTERNET } from './ids';

export const CLIENT_PORT = 40312;
export const CLIENT_ISN = 1_000_000;

/** The first element a client's packets reach: its node, the VPC fabric, or the internet. */
export function clientUplink(ctx: Pick<SimContext, 'client'>): string {
  const c = ctx.client;
  if (c.node) return hostId(c.node.name);
  return c.kind === 'vpc' ? FABRIC : INTERNET;
}

/** Whether this client calls the Service's ClusterIP instead of the NLB (a mitigation what-if). */
export function callsService(ctx: Pick<SimContext, 'client' | 'topo'>): boolean {
  return ctx.topo.settings.inClusterCallers === 'service' && (ctx.client.kind === 'pod' || ctx.client.kind === 'host');
}

/** In-cluster callers that use the Service get its ClusterIP from cluster DNS, not the NLB's hostname. */
export function resolveService(ctx: SimContext): void {
  if (ctx.recording) ctx.step({ type: 'dns', action: 'resolved', detail: { name: 'the Service name (cluster DNS)', address: ctx.topo.plan.clusterIp } });
  ctx.world.socket.remote = { ip: ctx.topo.plan.clusterIp, port: ctx.topo.settings.listenerPort };
}

/** DNS: the NLB's name resolves to any enabled zone's node address (client_routing_policy any_availability_zone). */
export function resolveNlb(ctx: SimContext): void {
  const { answers, classes } = dnsAnswers(ctx);
  if (answers.length < ctx.topo.nlbNodes.length) {
    const gone = ctx.topo.nlbNodes.filter((n) => !answers.includes(n)).map((n) => n.zone);
    if (ctx.recording) ctx.step({ type: 'dns', action: 'resolved', detail: { name: 'the NLB hostname', address: `(not ${gone.join(', ')}: no healthy target there)` } });
  }
  const chosen = ctx.chooser.choose('NLB node address from DNS', classes);
  if (ctx.recording) ctx.step({ type: 'dns', action: 'resolved', detail: { name: 'the NLB hostname', address: chosen.value.address } });
  if (ctx.recording) ctx.step({ type: 'choice', action: 'chose', detail: { what: 'DNS answer', chosen: chosen.cls.label, classSize: chosen.cls.count, among: chosen.among, probability: chosen.probability.toString() } });
  ctx.world.socket.remote = { ip: chosen.value.address, port: ctx.topo.settings.listenerPort };
}

/** The NLB node addresses DNS hands out, as classes: they depend on the topology only, so once per enumeration. */
function dnsAnswers(ctx: SimContext): { readonly answers: readonly NlbNode[]; readonly classes: ChoiceClass<NlbNode>[] } {
  const known = ctx.cache.get('dns') as ReturnType<typeof dnsAnswers> | undefined;
  if (known) return known;
  // Route 53 withdraws a node whose zone has no healthy target in scope; with none healthy anywhere it fails open.
  const healthy = ctx.topo.nlbNodes.filter((n) => hasHealthyTarget(ctx.topo, n));
  const answers = healthy.length > 0 ? healthy : ctx.topo.nlbNodes;
  const result = { answers, classes: classify(answers, (n) => n.id, (n) => `${n.zone} node ${n.address}`) };
  ctx.cache.set('dns', result);
  return result;
}

export function sendSyn(ctx: SimContext, retransmission: boolean): void {
  const s = ctx.world.socket;
  s.state = 'SYN_SENT';
  if (ctx.recording) ctx.step({
    type: 'socket',
    action: retransmission ? 'retransmit' : 'syn-sent',
    detail: { note: `${retransmission ? 'retransmits the SYN' : 'connect()'} to ${formatEndpoint(s.remote)}`, expected: s.remote },
  });
  ctx.send(clientUplink(ctx), { src: s.local, dst: s.remote, flags: ['SYN'], seq: s.isn, ack: 0 });
}

/** The client's TCP sockets: a segment belongs to the socket with its exact 4-tuple, or to none. */
export function clientReceive(ctx: SimContext, p: Packet): void {
  const s = ctx.world.sockets.find((x) => sameEndpoint(p.dst, x.local) && sameEndpoint(p.src, x.remote));
  if (!ctx.world.sockets.some((x) => sameEndpoint(p.dst, x.local))) {
    if (ctx.recording) ctx.step({ type: 'filter', action: 'dropped', detail: { reason: `not addressed to a client socket (${formatEndpoint(p.dst)})` } });
    return;
  }
  if (p.flags.includes('RST')) {
    if (s?.state === 'ESTABLISHED') {
      s.state = 'CLOSED';
      if (ctx.recording) ctx.step({ type: 'socket', action: 'aborted', detail: { note: `the connection to ${formatEndpoint(s.remote)} is reset: the first read fails with ECONNRESET` } });
      return;
    }
    if (ctx.recording) ctx.step({ type: 'socket', action: 'no-match', detail: { note: 'ignores an RST' } });
    return;
  }
  const isSynAck = p.flags.includes('SYN') && p.flags.includes('ACK');
  if (s?.state === 'SYN_SENT' && isSynAck && p.ack === s.isn + 1) {
    s.state = 'ESTABLISHED';
    s.rcvNxt = p.seq + 1;
    if (ctx.recording) ctx.step({ type: 'socket', action: 'established', detail: { note: `SYN-ACK from ${formatEndpoint(p.src)} matches the socket`, expected: s.remote } });
    ctx.send(clientUplink(ctx), { src: s.local, dst: s.remote, flags: ['ACK'], seq: s.isn + 1, ack: p.seq + 1 });
    ctx.end('established');
    return;
  }
  if (s?.state === 'ESTABLISHED' && !p.flags.includes('SYN')) {
    if (ctx.recording) ctx.step({ type: 'socket', action: 'no-match', detail: { note: `an ACK on the established connection to ${formatEndpoint(s.remote)} that acknowledges nothing new: ignored` } });
    return;
  }
  if (s?.state === 'SYN_SENT' && !p.flags.includes('SYN')) {
    // RFC 9293 §3.10.7.3: in SYN-SENT, an ACK that does not acknowledge our SYN gets <SEQ=SEG.ACK><CTL=RST>.
    if (ctx.recording) ctx.step({ type: 'socket', action: 'no-match', detail: { note: `an ACK without SYN from ${formatEndpoint(p.src)} that does not acknowledge this socket's SYN`, expected: s.remote } });
    if (ctx.recording) ctx.step({ type: 'socket', action: 'rst-sent', detail: { note: `answers with RST at sequence ${p.ack}` } });
    ctx.send(clientUplink(ctx), { src: s.local, dst: p.src, flags: ['RST'], seq: p.ack, ack: 0 });
    ctx.end('reset-by-client');
    return;
  }
  const expected = ctx.world.socket;
  if (ctx.recording) ctx.step({
    type: 'socket',
    action: 'no-match',
    detail: { note: `${isSynAck ? 'SYN-ACK' : 'segment'} from ${formatEndpoint(p.src)}, but the socket is connecting to ${formatEndpoint(expected.remote)}: no socket matches`, expected: expected.remote },
  });
  // RFC 9293 §3.10.7.1: a segment for no connection, other than an RST, is answered with an RST.
  if (ctx.recording) ctx.step({ type: 'socket', action: 'rst-sent', detail: { note: `answers with RST to ${formatEndpoint(p.src)}` } });
  ctx.send(clientUplink(ctx), { src: expected.local, dst: p.src, flags: ['RST'], seq: p.ack, ack: 0 });
  ctx.end('reset-by-client');
}

/** The client's first bytes on an established connection (a TLS ClientHello or an HTTP request line). */
export function sendFirstBytes(ctx: SimContext): void {
  const s = ctx.world.socket;
  if (ctx.recording) ctx.step({ type: 'socket', action: 'data-sent', detail: { note: `sends its first bytes (a TLS ClientHello or an HTTP request) to ${formatEndpoint(s.remote)}`, expected: s.remote } });
  ctx.send(clientUplink(ctx), { src: s.local, dst: s.remote, flags: ['PSH', 'ACK'], seq: s.isn + 1, ack: s.rcvNxt ?? 0 });
}
