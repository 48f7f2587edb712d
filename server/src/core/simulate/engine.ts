import type { Chooser } from './choice';
import { backendHandle } from './elements/backend';
import { callsService, CLIENT_ISN, CLIENT_PORT, clientReceive, resolveNlb, resolveService, sendSyn } from './elements/client';
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
 * Runs one client's connect() through the network until it is established or times out, moving each
 * packet through the elements it reaches. Random choices go through `chooser`.
 */
export function runHandshake(
  topo: Topology,
  client: ClientPlacement,
  chooser: Chooser,
  cache = new Map<string, unknown>(),
  options: { readonly retransmissions?: boolean } = {},
): Trace {
  const world = new WorldState({ local: { ip: client.ip, port: CLIENT_PORT }, remote: { ip: '0.0.0.0', port: 0 }, state: 'CLOSED', isn: CLIENT_ISN });
  const hops: Hop[] = [];
  const queue: Queued[] = [];
  let nextId = 1;
  let attemptEnd: Disposition | undefined;

  const context = (hop: Hop): SimContext => ({
    topo,
    client,
    chooser,
    world,
    cache,
    now: hop.time,
    hop,
    step: (s: Step) => hop.steps.push(s),
    send: (to: string, fields: PacketFields) => {
      hop.steps.push({ type: 'transmit', action: 'sent', detail: { to } });
      queue.push({ to, from: hop.element, packet: { ...fields, id: nextId++, time: round(hop.time + latency(hop.element, to)) } });
    },
    end: (d: Disposition) => {
      attemptEnd ??= d;
    },
  });

  const act = (element: string, attempt: number, time: number, fn: (ctx: SimContext) => void) => {
    const hop: Hop = { element, kind: kindOf(element), attempt, time, steps: [] };
    hops.push(hop);
    fn(context(hop));
  };

  const drain = (attempt: number) => {
    let budget = MAX_HOPS_PER_ATTEMPT;
    while (queue.length > 0) {
      const q = queue.shift()!;
      if (--budget < 0) {
        queue.length = 0;
        attemptEnd ??= 'no-route';
        break;
      }
      const hop: Hop = { element: q.to, kind: kindOf(q.to), attempt, time: q.packet.time, packet: q.packet, steps: [{ type: 'receive', action: 'received', detail: { from: q.from } }] };
      hops.push(hop);
      dispatch(topo, context(hop), q);
    }
  };

  act(DNS, 0, 0, (ctx) => (callsService(ctx) ? resolveService(ctx) : resolveNlb(ctx)));
  act(CLIENT, 0, 0, (ctx) => sendSyn(ctx, false));
  drain(0);
  const firstAttempt = attemptEnd ?? 'no-route';
  if (options.retransmissions === false) {
    // Enumeration only needs how the first attempt ends; retries add no choices.
    return { disposition: firstAttempt, firstAttempt, hops, endTime: hops[hops.length - 1]!.time };
  }
  for (let i = 0; i < SYN_RETRANSMIT_MS.length && world.socket.state !== 'ESTABLISHED'; i++) {
    attemptEnd = undefined;
    act(CLIENT, i + 1, SYN_RETRANSMIT_MS[i]!, (ctx) => sendSyn(ctx, true));
    drain(i + 1);
  }
  const last = hops[hops.length - 1]!;
  if (world.socket.state === 'ESTABLISHED') return { disposition: 'established', firstAttempt, hops, endTime: last.time };
  act(CLIENT, SYN_RETRANSMIT_MS.length, CONNECT_TIMEOUT_MS, (ctx) =>
    ctx.step({ type: 'socket', action: 'timeout', detail: { note: `connect() gives up after ${SYN_RETRANSMIT_MS.length} retransmissions (ETIMEDOUT)` } }),
  );
  return { disposition: 'connect-timeout', firstAttempt, hops, endTime: CONNECT_TIMEOUT_MS };
}

function dispatch(topo: Topology, ctx: SimContext, q: Queued): void {
  const { to, packet, from } = q;
  if (to === CLIENT) return clientReceive(ctx, packet);
  if (to === FABRIC) return fabricHandle(ctx, packet, from);
  if (to === NAT_GATEWAY) return natGatewayHandle(ctx, packet, from);
  if (to === INTERNET) return internetHandle(ctx, packet);
  const [kind, name] = splitId(to);
  if (kind === 'host') {
    const node = topo.nodeByName.get(name);
    if (node) return hostHandle(ctx, node, packet, from);
  } else if (kind === 'nlb') {
    const nlb = topo.nlbById.get(to);
    if (nlb) return nlbHandle(ctx, nlb, packet);
  } else if (kind === 'pod') {
    const pod = topo.podByName.get(name);
    if (pod) return backendHandle(ctx, pod, packet);
  }
  ctx.step({ type: 'filter', action: 'dropped', detail: { reason: `unknown element ${to}` } });
  ctx.end('no-route');
}

function splitId(id: string): [string, string] {
  const i = id.indexOf(':');
  return i < 0 ? [id, ''] : [id.slice(0, i), id.slice(i + 1)];
}

function kindOf(id: string): ElementKind {
  const [kind] = splitId(id);
  switch (kind) {
    case 'client':
      return 'client';
    case 'dns':
      return 'dns';
    case 'host':
      return 'host';
    case 'nlb':
      return 'nlb-node';
    case 'pod':
      return 'backend';
    case 'natgw':
      return 'nat-gateway';
    case 'internet':
      return 'internet';
    default:
      return 'fabric';
  }
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
