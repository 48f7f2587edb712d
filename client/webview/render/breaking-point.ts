/**
 * Where a handshake breaks, and why, in one line: the first decisive step of the first attempt.
 * - a martian drop (a `filter` step);
 * - a colliding 4-tuple (the backend answers a SYN with a challenge ACK: it already has that connection);
 * - the hairpin: the client's socket gets a SYN-ACK from an address it never called (reverse-NATed and
 *   delivered locally on its own node) and answers RST;
 * - a proxy-protocol mismatch: the backend cannot read the first bytes after the handshake and resets;
 * - an idle timeout: the NLB dropped the idle flow, and answers the reused connection with an RST.
 */
import type { Hop, Trace } from '../messages';
import { endpoint } from './format';

export interface BreakingPoint {
  readonly cause: string;
  /** Indexes into trace.hops whose incoming arrow is highlighted (the packet that breaks it, the RST). */
  readonly arrows: readonly number[];
  /** Indexes into trace.hops whose notes are highlighted (the local delivery, the socket's verdict). */
  readonly notes: readonly number[];
}

const senderOf = (h: Hop): string | undefined => {
  const r = h.steps.find((s) => s.type === 'receive');
  return r?.type === 'receive' ? r.detail.from : undefined;
};

export function breakingPoint(trace: Trace): BreakingPoint | undefined {
  if (trace.firstAttempt === 'established' && trace.disposition === 'established') return undefined;
  const hops = trace.hops;
  for (let i = 0; i < hops.length; i++) {
    const h = hops[i]!;
    if (h.attempt !== 0) break;
    for (const s of h.steps) {
      if (s.type === 'filter') return { cause: `${h.element} drops the packet: ${s.detail.reason}`, arrows: [i], notes: [i] };
      if (s.type === 'socket' && s.action === 'challenge-ack') {
        const tuple = h.packet ? `${endpoint(h.packet.src)} → ${endpoint(h.packet.dst)}` : 'the same 4-tuple';
        return { cause: `colliding 4-tuple ${tuple}: ${h.element} already has that connection and answers a challenge ACK`, arrows: [i], notes: [i] };
      }
      if (s.type === 'flow' && s.action === 'no-flow') {
        return { cause: `${h.element} no longer has this connection's flow (it dropped it after the idle timeout) and answers the reused connection with an RST`, arrows: [i, ...rstAfter(hops, i)], notes: [...expiredBefore(hops, i), i] };
      }
      if (s.type === 'socket' && s.action === 'protocol-error') {
        return { cause: `${h.element} cannot read the first bytes after the handshake (${s.detail.note}) and resets the connection`, arrows: [i, ...rstAfter(hops, i)], notes: [i] };
      }
      if (s.type === 'socket' && s.action === 'no-match') {
        const local = localDeliveryBefore(hops, i);
        const got = h.packet ? endpoint(h.packet.src) : 'another address';
        const expected = s.detail.expected ? endpoint(s.detail.expected) : 'the NLB';
        const where = local === undefined ? '' : `${hops[local]!.element} reverse-NATs the SYN-ACK and delivers it locally: `;
        return {
          cause: `${where}the client gets a SYN-ACK from ${got} while connecting to ${expected}, and answers RST`,
          arrows: [i, ...rstAfter(hops, i)],
          notes: [...(local === undefined ? [] : [local]), i],
        };
      }
    }
  }
  const last = hops.findIndex((h) => h.attempt === 0 && h.steps.some((s) => s.type === 'socket' && (s.action === 'timeout' || s.action === 'aborted')));
  return { cause: `the first attempt ends ${trace.firstAttempt}`, arrows: [], notes: last >= 0 ? [last] : [] };
}

/** The host hop that delivered this packet locally, right before the client received it. */
function localDeliveryBefore(hops: readonly Hop[], i: number): number | undefined {
  const from = senderOf(hops[i]!);
  for (let j = i - 1; j >= 0; j--) {
    if (hops[j]!.element !== from) continue;
    return hops[j]!.steps.some((s) => s.type === 'route' && s.action === 'local-delivery') ? j : undefined;
  }
  return undefined;
}

/** The RST the receiver of hop i sends back: the next hop that received an RST from it. */
function rstAfter(hops: readonly Hop[], i: number): number[] {
  const element = hops[i]!.element;
  for (let j = i + 1; j < hops.length && hops[j]!.attempt === hops[i]!.attempt; j++) {
    if (senderOf(hops[j]!) === element && hops[j]!.packet?.flags.includes('RST')) return [j];
  }
  return [];
}

/** The NLB hop that expired the flow before hop i, when there is one. */
function expiredBefore(hops: readonly Hop[], i: number): number[] {
  for (let j = i - 1; j >= 0; j--) if (hops[j]!.steps.some((s) => s.type === 'flow' && s.action === 'expired')) return [j];
  return [];
}
