import { formatEndpoint, tupleKey, tupleOf, type Packet } from '../packet';
import type { Pod } from '../topology';
import type { SimContext } from '../world';
import { hostId } from './ids';

export const BACKEND_ISN = 5_000_000;

/** A backend (gateway) pod's listening socket. */
export function backendHandle(ctx: SimContext, pod: Pod, p: Packet): void {
  if (p.dst.port !== pod.port) {
    ctx.step({ type: 'filter', action: 'dropped', detail: { reason: `nothing listens on ${formatEndpoint(p.dst)}` } });
    ctx.end('no-route');
    return;
  }
  const sockets = ctx.world.backendSockets.get(pod.ip) ?? new Map<string, 'SYN_RECV' | 'ESTABLISHED'>();
  ctx.world.backendSockets.set(pod.ip, sockets);
  const key = tupleKey(tupleOf(p));
  const state = sockets.get(key);
  if (p.flags.includes('RST')) {
    if (state) sockets.delete(key);
    ctx.step({ type: 'socket', action: 'aborted', detail: { note: state ? `RST from ${formatEndpoint(p.src)} aborts the half-open connection` : 'RST for no connection: ignored' } });
    return;
  }
  if (p.flags.includes('SYN') && !p.flags.includes('ACK')) {
    sockets.set(key, 'SYN_RECV');
    ctx.step({ type: 'socket', action: 'synack-sent', detail: { note: `accepts the SYN from ${formatEndpoint(p.src)} and answers SYN-ACK` } });
    ctx.send(hostId(pod.node), { src: p.dst, dst: p.src, flags: ['SYN', 'ACK'], seq: BACKEND_ISN, ack: p.seq + 1 });
    return;
  }
  if (p.flags.includes('ACK') && state === 'SYN_RECV') {
    sockets.set(key, 'ESTABLISHED');
    ctx.step({ type: 'socket', action: 'established', detail: { note: `connection from ${formatEndpoint(p.src)} established` } });
  }
}
