/** Small text formatters shared by the diagram, the packet details and the text alternative. */
import type { Packet, Step } from '../messages';

type Endpoint = Packet['src'];

export const endpoint = (e: Endpoint): string => `${e.ip}:${e.port}`;
export const flags = (p: Packet): string => p.flags.join('+') || '-';

/** `SYN 10.0.1.102:40312 → 10.0.101.10:443` */
export const packetLabel = (p: Packet): string => `${flags(p)} ${endpoint(p.src)} → ${endpoint(p.dst)}`;

/** Simulated time: milliseconds under a second; above, whole seconds plus milliseconds (`3 s + 0.84 ms`). */
export function time(ms: number): string {
  const rounded = Number(ms.toFixed(2));
  if (rounded < 1000) return `${rounded} ms`;
  const s = Math.floor(rounded / 1000);
  const rest = Number((rounded - s * 1000).toFixed(2));
  return rest === 0 ? `${s} s` : `${s} s + ${rest} ms`;
}

/** A note is a run of segments so that NAT diffs can show the old and the new value apart. */
export interface Segment {
  readonly text: string;
  readonly tone?: 'field' | 'old' | 'new' | 'muted';
}

export type NoteTone = 'nat' | 'conntrack' | 'choice' | 'dns' | 'route' | 'socket' | 'filter' | 'flow';

/** The note a step puts on its element's lifeline, or undefined for steps that only move the packet on. */
export function stepNote(s: Step): { readonly tone: NoteTone; readonly segments: Segment[] } | undefined {
  switch (s.type) {
    case 'nat': {
      const segments: Segment[] = [{ text: `${s.action} ` }];
      s.detail.diffs.forEach((d, i) => {
        if (i > 0) segments.push({ text: ', ' });
        segments.push({ text: `${d.field} `, tone: 'field' }, { text: String(d.old), tone: 'old' }, { text: ' → ' }, { text: String(d.new), tone: 'new' });
      });
      return { tone: 'nat', segments };
    }
    case 'conntrack': {
      const t = s.detail.tuple;
      return { tone: 'conntrack', segments: [{ text: `conntrack ${s.action} ` }, { text: `${endpoint(t.src)} → ${endpoint(t.dst)}`, tone: 'field' }] };
    }
    case 'choice':
      return { tone: 'choice', segments: [{ text: `${s.detail.what}: chose ` }, { text: s.detail.chosen, tone: 'new' }, { text: ` (p=${s.detail.probability}, ${s.detail.classSize} of ${s.detail.among})`, tone: 'muted' }] };
    case 'dns':
      return { tone: 'dns', segments: [{ text: `resolves ${s.detail.name} to ` }, { text: s.detail.address, tone: 'new' }] };
    case 'filter':
      return { tone: 'filter', segments: [{ text: `dropped: ${s.detail.reason}` }] };
    case 'route':
      return s.action === 'local-delivery' || s.action === 'steered-to-nlb' ? { tone: 'route', segments: [{ text: s.detail.note }] } : undefined;
    case 'socket':
      return { tone: 'socket', segments: [{ text: s.detail.note }] };
    case 'flow':
      return {
        tone: 'flow',
        segments: [{ text: s.detail.note ?? ('target' in s.detail ? `NLB flow ${s.action}: ${endpoint(s.detail.client.src)} → target ${endpoint(s.detail.target)}${s.detail.preservation ? ' (client IP preserved)' : ''}` : `NLB flow ${s.action}`) }],
      };
    default:
      return undefined;
  }
}

export const segmentsText = (segments: readonly Segment[]): string => segments.map((s) => s.text).join('');
