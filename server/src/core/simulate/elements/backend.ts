import { formatEndpoint, type Packet } from '../packet';
import type { Pod } from '../topology';
import type { BackendConnection, FlowKey, SimContext } from '../world';
import { hostId } from './ids';

export const BACKEND_ISN = 5_000_000;

/** A backend (gateway) pod's listening socket. */
export function backendHandle(ctx: SimContext, pod: Pod, p: Packet): void {
  if (p.dst.port !== pod.port) {
    if (ctx.recording) ctx.step({ type: 'filter', action: 'dropped', detail: { reason: `nothing listens on ${formatEndpoint(p.dst)}` } });
    ctx.end('no-route');
    return;
  }
  const sockets = ctx.world.backendSockets.get(pod.ip) ?? new Map<FlowKey, BackendConnection>();
  ctx.world.backendSockets.set(pod.ip, sockets);
  const key = ctx.world.key(p);
  const conn = sockets.get(key);
  if (p.flags.includes('RST')) {
    // RFC 5961: only an RST at exactly the expected sequence number aborts an established connection.
    if (conn && (conn.state === 'SYN_RECV' || p.seq === conn.rcvNxt)) {
      sockets.delete(key);
      if (ctx.recording) ctx.step({ type: 'socket', action: 'aborted', detail: { note: `RST from ${formatEndpoint(p.src)} aborts the ${conn.state === 'ESTABLISHED' ? 'established' : 'half-open'} connection` } });
    } else {
      if (ctx.recording) ctx.step({ type: 'socket', action: 'no-match', detail: { note: conn ? 'RST outside the window: ignored' : 'RST for no connection: ignored' } });
    }
    return;
  }
  if (p.flags.includes('SYN') && !p.flags.includes('ACK')) {
    if (conn?.state === 'ESTABLISHED') {
      // RFC 5961 §4: a SYN for an established 4-tuple is answered with a challenge ACK, not a SYN-ACK.
      if (ctx.recording) ctx.step({ type: 'socket', action: 'challenge-ack', detail: { note: `a SYN for the established connection from ${formatEndpoint(p.src)}: the same 4-tuple arrived twice; answers with a challenge ACK` } });
      ctx.send(hostId(pod.node), { src: p.dst, dst: p.src, flags: ['ACK'], seq: conn.sndNxt, ack: conn.rcvNxt });
      ctx.end('tuple-collision');
      return;
    }
    sockets.set(key, { state: 'SYN_RECV', rcvNxt: p.seq + 1, sndNxt: BACKEND_ISN + 1 });
    if (ctx.recording) ctx.step({ type: 'socket', action: 'synack-sent', detail: { note: `accepts the SYN from ${formatEndpoint(p.src)} and answers SYN-ACK` } });
    ctx.send(hostId(pod.node), { src: p.dst, dst: p.src, flags: ['SYN', 'ACK'], seq: BACKEND_ISN, ack: p.seq + 1 });
    return;
  }
  if (p.flags.includes('PSH') && conn?.state === 'ESTABLISHED') return firstBytes(ctx, pod, p, sockets, key);
  if (p.flags.includes('ACK') && conn?.state === 'SYN_RECV') {
    conn.state = 'ESTABLISHED';
    if (ctx.recording) ctx.step({ type: 'socket', action: 'established', detail: { note: `connection from ${formatEndpoint(p.src)} established` } });
  }
}

/**
 * The first data segment, read as the backend's listener reads it: one that expects a PROXY header
 * fails on anything else, and one that does not expect it fails on the header (it is neither TLS nor
 * HTTP). Either way it closes the connection with an RST; otherwise it reads the request.
 */
function firstBytes(ctx: SimContext, pod: Pod, p: Packet, sockets: Map<FlowKey, BackendConnection>, key: FlowKey): void {
  const expects = ctx.topo.settings.backendProxyProtocol;
  const error =
    p.proxyV2 && expects === 'rejected'
      ? 'the first bytes are a PROXY v2 header, which this listener does not expect: it is neither TLS nor HTTP'
      : !p.proxyV2 && expects === 'required'
        ? 'this listener expects a PROXY header first, but the first bytes are the client’s request'
        : undefined;
  if (!error) {
    if (ctx.recording) ctx.step({ type: 'socket', action: 'data-accepted', detail: { note: p.proxyV2 ? 'reads the PROXY v2 header, then the request' : 'reads the request' } });
    ctx.end('established');
    return;
  }
  const conn = sockets.get(key)!;
  sockets.delete(key);
  if (ctx.recording) ctx.step({ type: 'socket', action: 'protocol-error', detail: { note: error } });
  if (ctx.recording) ctx.step({ type: 'socket', action: 'rst-sent', detail: { note: `closes the connection from ${formatEndpoint(p.src)} with an RST` } });
  ctx.send(hostId(pod.node), { src: p.dst, dst: p.src, flags: ['RST', 'ACK'], seq: conn.sndNxt, ack: p.seq });
  ctx.end('reset-by-backend');
}
