import { reverseTuple, tupleKey, type FiveTuple, type Packet } from './packet';

export interface ConntrackEntry {
  readonly original: FiveTuple;
  /** The tuple replies carry: the reverse of the original after NAT. */
  readonly reply: FiveTuple;
  state: 'open' | 'closed';
}

export type ConntrackMatch = { readonly entry: ConntrackEntry; readonly direction: 'original' | 'reply' };

/** A Linux conntrack table: exact 5-tuples in both directions, with the NAT they imply. */
export class ConntrackTable {
  private readonly byOriginal = new Map<string, ConntrackEntry>();
  private readonly byReply = new Map<string, ConntrackEntry>();

  lookup(p: Pick<Packet, 'src' | 'dst'>): ConntrackMatch | undefined {
    const key = tupleKey(p);
    const o = this.byOriginal.get(key);
    if (o) return { entry: o, direction: 'original' };
    const r = this.byReply.get(key);
    if (r) return { entry: r, direction: 'reply' };
    return undefined;
  }

  /** Records a connection whose original packet was translated to `translated`. */
  add(original: FiveTuple, translated: FiveTuple): ConntrackEntry {
    const entry: ConntrackEntry = { original, reply: reverseTuple(translated), state: 'open' };
    this.byOriginal.set(tupleKey(original), entry);
    this.byReply.set(tupleKey(entry.reply), entry);
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
