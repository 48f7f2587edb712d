import type { Chooser } from './choice';
import { backendHandle } from './elements/backend';
import { callsService, CLIENT_ISN, CLIENT_PORT, clientReceive, resolveNlb, resolveService, sendFirstBytes, sendSyn } from './elements/client';
import { fabricHandle } from './elements/fabric';
import { hostHandle } from './elements/host';
import { CLIENT, DNS, FABRIC, INTERNET, NAT_GATEWAY } from './elements/ids';
import { internetHandle } from './elements/internet';
import { natGatewayHandle } from './elements/nat-gateway';
import { nlbHandle } from './elements/nlb-node';
import type { Packet } from './packet';
import type { ClientPlacement, Topology } from './topology';
import type { Disposition, ElementKind, Hop, Step, Trace } from './trace';
import { WorldState, type PacketFields, type SimContext } from './world';

/** Linux SYN retransmissions (tcp_syn_retries = 6, first RTO 1 s): sent at these times, then connect() fails. */
export const SYN_RETRANSMIT_MS = [1000, 3000, 7000, 15000, 31000, 63000] as const;
export const CONNECT_TIMEOUT_MS = 127000;
/** A routing loop or a runaway exchange ends an attempt rather than the process. */
const MAX_HOPS_PER_ATTEMPT = 256;

interface Queued {
  readonly to: string;
  readonly from: string;
  readonly packet: Packet;
}

/**
 * The packet mover: a world, a queue of packets in flight, and the hops recorded so far. Spontaneous
 * actions (a socket connecting, a timer) are `act`s; `drain` delivers packets until none is in flight.
 * Without recording (an enumeration's walk) no hop is kept: one scratch hop and one context are reused.
 */
export class Simulation {
  readonly hops: Hop[] = [];
  private readonly queue: Queued[] = [];
  private nextId = 1;
  /** How the current attempt ended; the first element to decide wins. */
  attemptEnd: Disposition | undefined;
  /** Simulated time of the latest hop. */
  lastTime = 0;
  private readonly ctx: HopContext;

  constructor(
    readonly topo: Topology,
    readonly client: ClientPlacement,
    readonly chooser: Chooser,
    readonly world: WorldState,
    readonly cache = new Map<string, unknown>(),
    /** False while enumerating: elements skip their steps (see SimContext.recording), and no hop is kept. */
    readonly recording = true,
  ) {
    this.ctx = new HopContext(this);
  }

  act(element: string, attempt: number, time: number, fn: (ctx: SimContext) => void): void {
    fn(this.enter(element, attempt, time, undefined, undefined));
  }

  drain(attempt: number): void {
    let budget = MAX_HOPS_PER_ATTEMPT;
    while (this.queue.length > 0) {
      const q = this.queue.shift()!;
      if (--budget < 0) {
        this.queue.length = 0;
        this.attemptEnd ??= 'no-route';
        break;
      }
      dispatch(this.topo, this.enter(q.to, attempt, q.packet.time, q.packet, q.from), q);
    }
  }

  /** The context for a hop at `element`: a recorded hop (with its receive step for a packet), or the scratch one. */
  private enter(element: string, attempt: number, time: number, packet: Packet | undefined, from: string | undefined): HopContext {
    this.lastTime = time;
    if (!this.recording) return this.ctx.at(element, time);
    const steps: Step[] = from === undefined ? [] : [{ type: 'receive', action: 'received', detail: { from } }];
    const hop: Hop = packet ? { element, kind: kindOf(element), attempt, time, packet, steps } : { element, kind: kindOf(element), attempt, time, steps };
    this.hops.push(hop);
    return this.ctx.on(hop);
  }

  /** Queues a packet from `element` (at `time`) to `to`, stamped with the next id and its arrival time. */
  enqueue(element: string, time: number, to: string, fields: PacketFields): void {
    this.queue.push({ to, from: element, packet: stamped(fields, this.nextId++, round(time + latency(element, to))) });
  }
}

/** A hop that is not kept (recording off): only its element and time are read. */
const SCRATCH_STEPS: Step[] = [];

/**
 * What an element sees while handling one hop. One per simulation, moved from hop to hop: elements use
 * it only while they handle their hop (everything is synchronous).
 */
class HopContext implements SimContext {
  readonly topo: Topology;
  readonly client: ClientPlacement;
  readonly chooser: Chooser;
  readonly world: WorldState;
  readonly cache: Map<string, unknown>;
  readonly recording: boolean;
  now = 0;
  hop: Hop = { element: '', kind: 'fabric', attempt: 0, time: 0, steps: SCRATCH_STEPS };
  private element = '';

  constructor(private readonly sim: Simulation) {
    this.topo = sim.topo;
    this.client = sim.client;
    this.chooser = sim.chooser;
    this.world = sim.world;
    this.cache = sim.cache;
    this.recording = sim.recording;
  }

  on(hop: Hop): this {
    this.hop = hop;
    this.element = hop.element;
    this.now = hop.time;
    return this;
  }

  at(element: string, time: number): this {
    this.element = element;
    this.now = time;
    return this;
  }

  step(s: Step): void {
    if (this.recording) this.hop.steps.push(s);
  }

  send(to: string, fields: PacketFields): void {
    if (this.recording) this.hop.steps.push({ type: 'transmit', action: 'sent', detail: { to } });
    this.sim.enqueue(this.element, this.now, to, fields);
  }

  end(d: Disposition): void {
    this.sim.attemptEnd ??= d;
  }
}

/**
 * Runs one client's connect() through the network until it is established or times out, moving each
 * packet through the elements it reaches. Random choices go through `chooser`.
 */
export function runHandshake(
  topo: Topology,
  client: ClientPlacement,
  chooser: Chooser,
  cache = new Map<string, unknown>(),
  options: { readonly retransmissions?: boolean; readonly record?: boolean } = {},
): Trace {
  const world = new WorldState({ local: { ip: client.ip, port: CLIENT_PORT }, remote: { ip: '0.0.0.0', port: 0 }, state: 'CLOSED', isn: CLIENT_ISN });
  const sim = new Simulation(topo, client, chooser, world, cache, options.record !== false);
  sim.act(DNS, 0, 0, (ctx) => (callsService(ctx) ? resolveService(ctx) : resolveNlb(ctx)));
  sim.act(CLIENT, 0, 0, (ctx) => sendSyn(ctx, false));
  sim.drain(0);
  const firstAttempt = sim.attemptEnd ?? 'no-route';
  if (firstAttempt === 'established' && readsFirstBytes(topo)) {
    // The handshake passes through untouched; whether the backend can read the first bytes is what decides.
    sim.attemptEnd = undefined;
    sim.act(CLIENT, 0, sim.lastTime, (ctx) => sendFirstBytes(ctx));
    sim.drain(0);
    const data = sim.attemptEnd ?? 'established';
    return { disposition: data, firstAttempt: data, hops: sim.hops, endTime: sim.lastTime };
  }
  if (options.retransmissions === false) {
    // Enumeration only needs how the first attempt ends; retries add no choices.
    return { disposition: firstAttempt, firstAttempt, hops: sim.hops, endTime: sim.lastTime };
  }
  return finishWithRetransmissions(sim, firstAttempt, 0);
}

/**
 * Whether the first data segment is simulated: only when proxy protocol is in play on either side and the
 * backend's expectation is known. Otherwise nothing after the handshake changes the outcome.
 */
function readsFirstBytes(topo: Topology): boolean {
  const s = topo.settings;
  return s.backendProxyProtocol !== undefined && (s.proxyProtocolV2 || s.backendProxyProtocol === 'required');
}

/** Retransmits the current socket's SYN on Linux's schedule (from `startMs`) until it connects or gives up. */
export function finishWithRetransmissions(sim: Simulation, firstAttempt: Disposition, startMs: number): Trace {
  const socket = sim.world.socket;
  for (let i = 0; i < SYN_RETRANSMIT_MS.length && socket.state !== 'ESTABLISHED'; i++) {
    sim.attemptEnd = undefined;
    sim.act(CLIENT, i + 1, startMs + SYN_RETRANSMIT_MS[i]!, (ctx) => sendSyn(ctx, true));
    sim.drain(i + 1);
  }
  if (socket.state === 'ESTABLISHED') return { disposition: 'established', firstAttempt, hops: sim.hops, endTime: sim.lastTime };
  sim.act(CLIENT, SYN_RETRANSMIT_MS.length, startMs + CONNECT_TIMEOUT_MS, (ctx) =>
    ctx.step({ type: 'socket', action: 'timeout', detail: { note: `connect() gives up after ${SYN_RETRANSMIT_MS.length} retransmissions (ETIMEDOUT)` } }),
  );
  return { disposition: 'connect-timeout', firstAttempt, hops: sim.hops, endTime: startMs + CONNECT_TIMEOUT_MS };
}

function dispatch(topo: Topology, ctx: SimContext, q: Queued): void {
  const { to, packet, from } = q;
  if (to === CLIENT) return clientReceive(ctx, packet);
  if (to === FABRIC) return fabricHandle(ctx, packet, from);
  if (to === NAT_GATEWAY) return natGatewayHandle(ctx, packet, from);
  if (to === INTERNET) return internetHandle(ctx, packet);
  const colon = to.indexOf(':');
  const kind = colon < 0 ? to : to.slice(0, colon);
  if (kind === 'host') {
    const node = topo.nodeByName.get(to.slice(colon + 1));
    if (node) return hostHandle(ctx, node, packet, from);
  } else if (kind === 'nlb') {
    const nlb = topo.nlbById.get(to);
    if (nlb) return nlbHandle(ctx, nlb, packet);
  } else if (kind === 'pod') {
    const pod = topo.podByName.get(to.slice(colon + 1));
    if (pod) return backendHandle(ctx, pod, packet);
  }
  ctx.step({ type: 'filter', action: 'dropped', detail: { reason: `unknown element ${to}` } });
  ctx.end('no-route');
}

/** The kind of an element id (see elements/ids.ts: `host:n1` is a host); anything else is the fabric. */
function kindOf(id: string): ElementKind {
  if (id === CLIENT) return 'client';
  if (id === DNS) return 'dns';
  if (id === INTERNET) return 'internet';
  if (id === NAT_GATEWAY) return 'nat-gateway';
  if (id.startsWith('host:')) return 'host';
  if (id.startsWith('nlb:')) return 'nlb-node';
  if (id.startsWith('pod:')) return 'backend';
  return 'fabric';
}

/**
 * A packet with its id and time, built field by field into one of two fixed shapes. Elements pass fields
 * of many shapes (fresh literals, forwarded packets with an old id and time), and a spread or a key-by-key
 * copy over that many shapes takes V8's slow generic path on every packet.
 */
function stamped(f: PacketFields | Packet, id: number, time: number): Packet {
  return f.proxyV2 === undefined
    ? { src: f.src, dst: f.dst, flags: f.flags, seq: f.seq, ack: f.ack, id, time }
    : { src: f.src, dst: f.dst, flags: f.flags, seq: f.seq, ack: f.ack, proxyV2: f.proxyV2, id, time };
}

/** Simulated one-way latencies in ms: enough to order packets in a capture, not a performance model. */
function latency(from: string, to: string): number {
  if (from === INTERNET || to === INTERNET) return 5;
  if (from === FABRIC || to === FABRIC) return 0.1;
  return 0.01;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
