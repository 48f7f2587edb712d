/**
 * Trace -> diagram model: lifelines (one per element the trace names) and rows going down in time
 * (an arrow per packet, a note per state change, the retransmission timeline). Pure data with
 * coordinates, no DOM: svg.ts draws it, text-alternative.ts reads it out as a list.
 */
import type { Hop, Packet, Trace } from '../messages';
import { breakingPoint, type BreakingPoint } from './breaking-point';
import { packetLabel, stepNote, time, type NoteTone, type Segment } from './format';

export interface Lifeline {
  readonly id: string;
  readonly kind: Hop['kind'];
  readonly caption: string;
  readonly x: number;
}

export type Row =
  | { readonly kind: 'arrow'; readonly y: number; readonly hop: number; readonly from: string; readonly to: string; readonly packet: Packet; readonly label: string; readonly time: number; readonly breaking: boolean }
  | { readonly kind: 'note'; readonly y: number; readonly hop: number; readonly element: string; readonly tone: NoteTone; readonly segments: Segment[]; readonly breaking: boolean }
  | { readonly kind: 'retransmissions'; readonly y: number; readonly expanded: boolean; readonly text: string; readonly times: readonly number[]; readonly end: number }
  | { readonly kind: 'attempt'; readonly y: number; readonly attempt: number; readonly time: number; readonly text: string }
  | { readonly kind: 'end'; readonly y: number; readonly text: string };

export interface Diagram {
  readonly lifelines: readonly Lifeline[];
  readonly rows: readonly Row[];
  readonly breaking?: BreakingPoint;
  readonly width: number;
  readonly height: number;
}

/** Notes are written right of their element's lifeline, over the lifelines further right. */
export const NOTE_OFFSET = 10;

export const GEOMETRY = { column: 150, left: 92, top: 64, arrow: 36, note: 19, header: 28, timeline: 30, charWidth: 6.6 } as const;

const CAPTIONS: Record<Hop['kind'], string> = {
  client: 'client pod',
  host: 'node (kube-proxy)',
  dns: 'DNS',
  'nlb-node': 'NLB node',
  fabric: 'VPC fabric',
  'nat-gateway': 'NAT gateway',
  internet: 'internet',
  backend: 'backend pod',
};

export const senderOf = (h: Hop): string | undefined => {
  const r = h.steps.find((s) => s.type === 'receive');
  return r?.type === 'receive' ? r.detail.from : undefined;
};

/** Client first, DNS next, then elements as the packets meet them; NLB nodes kept side by side. */
function lifelineOrder(trace: Trace): { id: string; kind: Hop['kind'] }[] {
  const kinds = new Map<string, Hop['kind']>();
  for (const h of trace.hops) if (!kinds.has(h.element)) kinds.set(h.element, h.kind);
  const order: string[] = [];
  const add = (id: string) => {
    if (order.includes(id)) return;
    if (kinds.get(id) === 'nlb-node') {
      const lastNlb = order.map((x) => kinds.get(x)).lastIndexOf('nlb-node');
      if (lastNlb >= 0) return void order.splice(lastNlb + 1, 0, id);
    }
    order.push(id);
  };
  for (const h of trace.hops) if (h.kind === 'client') add(h.element);
  for (const h of trace.hops) if (h.kind === 'dns') add(h.element);
  for (const h of trace.hops) {
    const from = senderOf(h);
    if (from) add(from);
    add(h.element);
  }
  return order.map((id) => ({ id, kind: kinds.get(id) ?? 'host' }));
}

function attemptOutcome(hops: readonly Hop[]): string {
  for (const h of hops) {
    for (const s of h.steps) {
      if (s.type === 'filter') return `${h.element} drops it: ${s.detail.reason}`;
      if (s.type === 'socket' && h.kind === 'client' && (s.action === 'no-match' || s.action === 'established')) return s.detail.note;
    }
  }
  return 'no answer';
}

export function layout(trace: Trace, options: { readonly expanded: boolean }): Diagram {
  const g = GEOMETRY;
  const lifelines: Lifeline[] = lifelineOrder(trace).map((l, i) => ({ ...l, caption: CAPTIONS[l.kind], x: g.left + g.column / 2 + i * g.column }));
  const known = new Set(lifelines.map((l) => l.id));
  const breaking = breakingPoint(trace);
  const arrows = new Set(breaking?.arrows ?? []);
  const notes = new Set(breaking?.notes ?? []);
  const rows: Row[] = [];
  let y = g.top;
  let right = 0;

  const drawHop = (h: Hop, index: number) => {
    const from = senderOf(h);
    if (h.packet && from && known.has(from)) {
      y += g.arrow;
      rows.push({ kind: 'arrow', y, hop: index, from, to: h.element, packet: h.packet, label: packetLabel(h.packet), time: h.time, breaking: arrows.has(index) });
    }
    const x = lifelines.find((l) => l.id === h.element)?.x ?? g.left;
    for (const s of h.steps) {
      const note = stepNote(s);
      if (!note) continue;
      y += g.note;
      const segments = [{ text: `${h.element}: `, tone: 'muted' as const }, ...note.segments];
      right = Math.max(right, x + NOTE_OFFSET + segments.reduce((n, s) => n + s.text.length, 0) * g.charWidth);
      rows.push({ kind: 'note', y, hop: index, element: h.element, tone: note.tone, segments, breaking: notes.has(index) && note.tone !== 'conntrack' });
    }
  };

  trace.hops.forEach((h, i) => {
    if (h.attempt === 0) drawHop(h, i);
  });

  const attempts = new Map<number, number[]>();
  trace.hops.forEach((h, i) => {
    if (h.attempt > 0) attempts.set(h.attempt, [...(attempts.get(h.attempt) ?? []), i]);
  });
  if (attempts.size > 0) {
    const times = [...attempts.values()].map((ix) => trace.hops[ix[0]!]!.time);
    y += g.header;
    const text = `${options.expanded ? '▾' : '▸'} ${attempts.size} retransmission${attempts.size === 1 ? '' : 's'} at ${times.map(time).join(', ')} until ${time(trace.endTime)}`;
    rows.push({ kind: 'retransmissions', y, expanded: options.expanded, text, times, end: trace.endTime });
    y += g.timeline;
    if (options.expanded) {
      for (const [attempt, ix] of attempts) {
        const hops = ix.map((i) => trace.hops[i]!);
        y += g.header;
        rows.push({ kind: 'attempt', y, attempt, time: hops[0]!.time, text: `retransmission ${attempt} at ${time(hops[0]!.time)}: ${attemptOutcome(hops)}` });
        for (const i of ix) drawHop(trace.hops[i]!, i);
      }
    }
  }
  y += g.header;
  rows.push({ kind: 'end', y, text: `⇒ ${trace.disposition} at ${time(trace.endTime)} (first attempt: ${trace.firstAttempt})` });

  const longestRow = Math.max(...rows.map((r) => ('text' in r ? r.text.length : 0)));
  const width = Math.max(right, g.left + lifelines.length * g.column, g.left + longestRow * g.charWidth) + 24;
  return { lifelines, rows, ...(breaking ? { breaking } : {}), width: Math.ceil(width), height: y + g.header };
}
