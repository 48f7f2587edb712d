import { noteText } from '../explain/sequence-text';
import { formatFlags, sameEndpoint, type Packet } from '../simulate/packet';
import type { Hop, Trace } from '../simulate/trace';
import { ipv4TcpPacket } from './ipv4-tcp';
import type { CaptureInterface, CaptureRecord } from './pcapng-file';

/** A packet as one element saw it: arriving (`in`) or leaving after its NAT and routing (`out`). */
export interface Observation {
  readonly element: string;
  readonly direction: 'in' | 'out';
  /** The element it came from (`in`) or goes to (`out`). */
  readonly from?: string;
  readonly to?: string;
  /** Simulated milliseconds since the trace's first SYN. */
  readonly time: number;
  readonly packet: Packet;
  readonly attempt: number;
  /** What the element did with it, in the diagram's words. */
  readonly notes: readonly string[];
}

interface InFlight {
  readonly from: string;
  readonly to: string;
  readonly time: number;
  /** The packet as it reached the sender, to tell a rewrite from a plain forward. */
  readonly arrived?: Packet;
  readonly notes: readonly string[];
}

/**
 * Every packet of a trace at every element it crossed, as a capture there would hold it: once
 * arriving (addresses before that element's NAT) and once leaving (after it). A packet an element
 * forwards unchanged is recorded once there, as `tcpdump -i any` shows a routed packet once per
 * address pair. Sorted by time; packets at the same time keep the trace's order.
 */
export function observations(trace: Trace): Observation[] {
  const out: Observation[] = [];
  let inFlight: InFlight[] = [];
  for (const hop of trace.hops) {
    // An element acting on its own (a socket connecting, a timer) starts with nothing in flight.
    if (!hop.packet) inFlight = [];
    else {
      const from = senderOf(hop);
      const i = inFlight.findIndex((f) => f.from === from && f.to === hop.element);
      const sent = i >= 0 ? inFlight.splice(i, 1)[0] : undefined;
      if (from && !(sent?.arrived && samePacket(sent.arrived, hop.packet))) {
        out.push({ element: from, direction: 'out', to: hop.element, time: sent?.time ?? hop.time, packet: hop.packet, attempt: hop.attempt, notes: sent?.notes ?? [] });
      }
      out.push({ element: hop.element, direction: 'in', ...(from ? { from } : {}), time: hop.time, packet: hop.packet, attempt: hop.attempt, notes: notesOf(hop) });
    }
    for (const s of hop.steps) {
      // What an element did is told once, where the packet arrived; a spontaneous send tells it where it leaves.
      if (s.type === 'transmit') inFlight.push({ from: hop.element, to: s.detail.to, time: hop.time, ...(hop.packet ? { arrived: hop.packet, notes: [] } : { notes: notesOf(hop) }) });
    }
  }
  return out.map((o, i) => ({ o, i })).sort((a, b) => a.o.time - b.o.time || a.i - b.i).map(({ o }) => o);
}

export interface LabelledTrace {
  /** Which frontend, client and mode the trace stands for; becomes each capture point's description. */
  readonly label: string;
  readonly trace: Trace;
}

/** 2026-01-01T00:00:00Z: a fixed epoch keeps the file the same from run to run. */
export const CAPTURE_EPOCH_MS = Date.UTC(2026, 0, 1);
/** Quiet time between two traces in one file, so their packets never interleave. */
const GAP_MS = 10_000;

/**
 * Capture points and records for several traces in one file. Each trace gets its own interfaces
 * (one per element, named by its element id as the diagram's lifelines are) and its own time window,
 * starting on a whole second, so the retransmissions show at +1 s, +3 s, ... from its first SYN.
 */
export function captureOf(traces: readonly LabelledTrace[]): { interfaces: CaptureInterface[]; records: CaptureRecord[] } {
  const interfaces: CaptureInterface[] = [];
  const records: CaptureRecord[] = [];
  let start = CAPTURE_EPOCH_MS;
  for (const { label, trace } of traces) {
    const index = new Map<string, number>();
    for (const o of observations(trace)) {
      let id = index.get(o.element);
      if (id === undefined) {
        id = interfaces.length;
        index.set(o.element, id);
        interfaces.push({ name: o.element, description: `${label}: ${o.element}` });
      }
      records.push({ interface: id, timeMicros: Math.round((start + o.time) * 1000), data: ipv4TcpPacket(o.packet), comment: commentOf(label, o) });
    }
    start += Math.ceil((trace.endTime + GAP_MS) / 1000) * 1000;
  }
  return { interfaces, records };
}

function commentOf(label: string, o: Observation): string {
  const attempt = o.attempt === 0 ? '' : ` (retransmission ${o.attempt})`;
  const way = o.direction === 'in' ? `receives ${formatFlags(o.packet.flags)}${o.from ? ` from ${o.from}` : ''}` : `sends ${formatFlags(o.packet.flags)}${o.to ? ` to ${o.to}` : ''}`;
  const head = `${label}${attempt}: ${o.element} ${way}`;
  return [head, ...o.notes.map((n) => `${o.element}: ${n}`)].join('\n');
}

function notesOf(hop: Hop): string[] {
  return hop.steps.flatMap((s) => noteText(s) ?? []);
}

function senderOf(hop: Hop): string | undefined {
  const r = hop.steps.find((s) => s.type === 'receive');
  return r?.type === 'receive' ? r.detail.from : undefined;
}

function samePacket(a: Packet, b: Packet): boolean {
  return sameEndpoint(a.src, b.src) && sameEndpoint(a.dst, b.dst) && a.seq === b.seq && a.ack === b.ack && formatFlags(a.flags) === formatFlags(b.flags);
}
