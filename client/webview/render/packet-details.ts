/**
 * The packet behind one arrow, Wireshark-style: every header field, and which element changed what on
 * the way (NAT rewrites with the old and new value, the NLB's flow, conntrack). Built with DOM APIs and
 * `textContent` only.
 */
import type { Hop, Packet, Step, Trace } from '../messages';
import { endpoint, flags, segmentsText, stepNote, time } from './format';
import { senderOf } from './layout';

type Field = 'srcIp' | 'srcPort' | 'dstIp' | 'dstPort';

export interface Change {
  readonly element: string;
  readonly step: Step;
}

/**
 * The hops this packet went through before it reached hop `index`, back to the element that sent it
 * first (a socket, or an element that answered with other flags), with what each one did to it.
 */
export function packetHistory(trace: Trace, index: number): { origin: string; changes: Change[] } {
  const hops = trace.hops;
  const packet = hops[index]!.packet;
  const changes: Change[] = [];
  let at = index;
  let origin = senderOf(hops[at]!) ?? hops[at]!.element;
  for (let guard = 0; guard < hops.length; guard++) {
    const sender = senderOf(hops[at]!);
    if (!sender) break;
    const j = previousAt(hops, at, sender);
    if (j === undefined) break;
    const h = hops[j]!;
    for (const s of [...h.steps].reverse()) if (s.type === 'nat' || s.type === 'flow' || s.type === 'conntrack' || s.type === 'choice') changes.unshift({ element: h.element, step: s });
    origin = h.element;
    if (!h.packet || !packet || flags(h.packet) !== flags(packet)) break;
    at = j;
  }
  return { origin, changes };
}

function previousAt(hops: readonly Hop[], index: number, element: string): number | undefined {
  for (let j = index - 1; j >= 0; j--) if (hops[j]!.element === element && hops[j]!.attempt === hops[index]!.attempt) return j;
  return undefined;
}

const FIELDS: readonly [string, (p: Packet) => string, Field?][] = [
  ['Simulated time', (p) => time(p.time)],
  ['Packet id', (p) => String(p.id)],
  ['Protocol', () => 'TCP'],
  ['Flags', (p) => flags(p)],
  ['Source IP', (p) => p.src.ip, 'srcIp'],
  ['Source port', (p) => String(p.src.port), 'srcPort'],
  ['Destination IP', (p) => p.dst.ip, 'dstIp'],
  ['Destination port', (p) => String(p.dst.port), 'dstPort'],
  ['Sequence number', (p) => String(p.seq)],
  ['Acknowledgment number', (p) => String(p.ack)],
  ['PROXY protocol v2 header', (p) => (p.proxyV2 ? 'yes' : 'no')],
];

function h<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/** The details pane's content for the arrow of hop `index`. */
export function packetDetails(trace: Trace, index: number): HTMLElement {
  const hop = trace.hops[index]!;
  const p = hop.packet!;
  const { origin, changes } = packetHistory(trace, index);
  const root = h('section', undefined, 'hp-packet');
  root.setAttribute('aria-label', 'Packet details');
  root.append(h('h2', `${flags(p)} ${endpoint(p.src)} → ${endpoint(p.dst)}`));
  root.append(h('p', `From ${senderOf(hop) ?? '?'} to ${hop.element} at ${time(hop.time)}${hop.attempt ? `, retransmission ${hop.attempt}` : ''}; first sent by ${origin}.`, 'hp-packet-route'));

  const table = h('table', undefined, 'hp-fields');
  const head = h('tr');
  head.append(h('th', 'Field'), h('th', 'Value'), h('th', 'Changed on the way'));
  table.append(head);
  for (const [name, value, field] of FIELDS) {
    const tr = h('tr');
    const th = h('th', name);
    th.setAttribute('scope', 'row');
    const why = field ? changedBy(changes, field) : '';
    tr.append(th, h('td', value(p)), h('td', why, why ? 'hp-changed' : undefined));
    table.append(tr);
  }
  root.append(table);

  root.append(h('h3', 'What each element did to it'));
  const list = h('ol', undefined, 'hp-changes');
  for (const c of changes) list.append(h('li', `${c.element}: ${describe(c.step)}`));
  if (!changes.length) list.append(h('li', `${origin} sent it as it is.`));
  root.append(list);

  const here = hop.steps.map(stepNote).filter((n) => n !== undefined);
  if (here.length) {
    root.append(h('h3', `At ${hop.element}`));
    const at = h('ul', undefined, 'hp-here');
    for (const n of here) at.append(h('li', segmentsText(n.segments)));
    root.append(at);
  }
  return root;
}

function changedBy(changes: readonly Change[], field: Field): string {
  return changes
    .flatMap((c) => (c.step.type === 'nat' ? c.step.detail.diffs.filter((d) => d.field === field).map((d) => `${d.old} → ${d.new} by ${c.element} (${c.step.type === 'nat' ? c.step.action : ''})`) : []))
    .join('; ');
}

function describe(s: Step): string {
  const note = stepNote(s);
  const text = note ? segmentsText(note.segments) : s.type;
  return s.type === 'nat' && s.detail.by ? `${text}: ${s.detail.by}` : text;
}
