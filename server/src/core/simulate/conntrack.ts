import { reverseTuple, type FiveTuple, type Packet } from './packet';
import type { FlowKey } from './world';

export interface ConntrackEntry {
  readonly original: FiveTuple;
  /** The tuple replies carry: the reverse of the original after NAT. */
  readonly reply: FiveTuple;
  state: 'open' | 'closed';
}

export type ConntrackMatch = { readonly entry: ConntrackEntry; readonly direction: 'original' | 'reply' };

/** A Linux conntrack table: exact 5-tuples in both directions, with the NAT they imply. */
export class ConntrackTable {
  private readonly byOriginal = new Map<FlowKey, ConntrackEntry>();
  private readonly byReply = new Map<FlowKey, ConntrackEntry>();

  /** `keys`: the run's flow keys (WorldState.key). */
  constructor(private readonly keys: { key(t: Pick<FiveTuple, 'src' | 'dst'>): FlowKey }) {}

  lookup(p: Pick<Packet, 'src' | 'dst'>): ConntrackMatch | undefined {
    const key = this.keys.key(p);
    const o = this.byOriginal.get(key);
    if (o) return { entry: o, direction: 'original' };
    const r = this.byReply.get(key);
    if (r) return { entry: r, direction: 'reply' };
    return undefined;
  }

  /** Records a connection whose original packet was translated to `translated`. */
  add(original: FiveTuple, translated: FiveTuple): ConntrackEntry {
    const entry: ConntrackEntry = { original, reply: reverseTuple(translated), state: 'open' };
    this.byOriginal.set(this.keys.key(original), entry);
    this.byReply.set(this.keys.key(entry.reply), entry);
    return entry;
  }
}

/** Where a packet matching an entry must be rewritten to. */
export function translate(m: ConntrackMatch): Pick<Packet, 'src' | 'dst'> {
  if (m.direction === 'original') {
    const t = reverseTuple(m.entry.reply);
    return { src: t.src, dst: t.dst };
  }
  return { src: m.entry.original.dst, dst: m.entry.original.src };
}
