import { formatEndpoint, formatFlags, type Packet } from '../simulate/packet';
import type { Hop, Step, Trace } from '../simulate/trace';

/**
 * An ASCII sequence diagram of a trace: one lifeline per element, an arrow per packet, notes for the
 * steps that matter (choices, NAT, conntrack, routing, drops, socket decisions). The first attempt is
 * drawn in full; retransmissions are summarised one line each.
 */
export function sequenceDiagram(trace: Trace): string {
  const first = trace.hops.filter((h) => h.attempt === 0);
  const names: string[] = ['client'];
  for (const h of first) {
    const from = senderOf(h);
    if (from && !names.includes(from)) names.push(from);
    if (!names.includes(h.element)) names.push(h.element);
  }
  const width = Math.max(12, ...names.map((n) => n.length + 2));
  const col = (name: string) => names.indexOf(name) * width + Math.floor(width / 2);
  const total = names.length * width;
  const lifelines = () => {
    const line = Array.from({ length: total }, () => ' ');
    for (const n of names) line[col(n)] = '|';
    return line;
  };
  const out: string[] = [];
  out.push(names.map((n) => center(n, width)).join('').trimEnd());
  for (const h of first) {
    const from = senderOf(h);
    if (from && h.packet) {
      const a = col(from);
      const b = col(h.element);
      const label = lifelines();
      write(label, Math.min(a, b) + 2, packetLabel(h.packet));
      out.push(label.join('').trimEnd());
      const arrow = lifelines();
      const [lo, hi] = a < b ? [a, b] : [b, a];
      for (let i = lo + 1; i < hi; i++) arrow[i] = '-';
      if (a < b) arrow[hi - 1] = '>';
      else if (a > b) arrow[lo + 1] = '<';
      else write(arrow, a + 1, '-+ (same element)');
      out.push(arrow.join('').trimEnd());
    }
    for (const s of h.steps) {
      const text = noteText(s);
      if (!text) continue;
      out.push(`${lifelines().join('').trimEnd()}   ${h.element}: ${text}`);
    }
  }
  const attempts = new Map<number, Hop[]>();
  for (const h of trace.hops) if (h.attempt > 0) attempts.set(h.attempt, [...(attempts.get(h.attempt) ?? []), h]);
  for (const [attempt, hops] of attempts) {
    out.push(`+${seconds(hops[0]!.time)} s  retransmission ${attempt}: ${attemptOutcome(hops)}`);
  }
  out.push(`=> ${trace.disposition} at ${seconds(trace.endTime)} s (first attempt: ${trace.firstAttempt})`);
  return out.join('\n') + '\n';
}

/** What the client saw in one retransmission, or where the packet was dropped. */
function attemptOutcome(hops: readonly Hop[]): string {
  const client = hops.filter((h) => h.element === 'client').flatMap((h) => h.steps);
  const decided = client.find((s) => s.type === 'socket' && (s.action === 'no-match' || s.action === 'established'));
  if (decided) return noteText(decided)!;
  const drop = hops.flatMap((h) => h.steps.filter((s) => s.type === 'filter').map((s) => `${h.element}: ${noteText(s)}`))[0];
  return drop ?? 'no answer';
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? String(s) : s >= 10 ? s.toFixed(0) : s >= 1 ? s.toFixed(1) : s.toFixed(3);
}

function senderOf(h: Hop): string | undefined {
  const r = h.steps.find((s) => s.type === 'receive');
  return r && r.type === 'receive' ? r.detail.from : undefined;
}

function packetLabel(p: Packet): string {
  return `${formatFlags(p.flags)} ${formatEndpoint(p.src)} > ${formatEndpoint(p.dst)}`;
}

/** The one-line note a step gets in the diagram (undefined for steps the diagram leaves out). */
export function noteText(s: Step): string | undefined {
  switch (s.type) {
    case 'nat':
      return `${s.action} ${s.detail.diffs.map((d) => `${d.field} ${d.old}->${d.new}`).join(', ')}`;
    case 'conntrack':
      return s.action === 'created' ? undefined : `conntrack ${s.action}`;
    case 'choice':
      return `chose ${s.detail.chosen} (p=${s.detail.probability})`;
    case 'filter':
      return `dropped: ${s.detail.reason}`;
    case 'route':
      return s.action === 'local-delivery' || s.action === 'steered-to-nlb' ? s.detail.note : undefined;
    case 'socket':
      return s.detail.note;
    case 'flow':
      return s.detail.note;
    case 'dns':
      return `resolves ${s.detail.name} to ${s.detail.address}`;
    default:
      return undefined;
  }
}

function center(text: string, width: number): string {
  const left = Math.floor((width - text.length) / 2);
  return ' '.repeat(Math.max(0, left)) + text + ' '.repeat(Math.max(0, width - left - text.length));
}

function write(line: string[], at: number, text: string): void {
  for (let i = 0; i < text.length; i++) {
    if (at + i >= line.length) line.push(text[i]!);
    else line[at + i] = text[i]!;
  }
}
