/**
 * Draws a Diagram (layout.ts) as SVG with DOM APIs only: every string from the user's files goes in
 * through `textContent` or an attribute value, never through markup, so names and annotation values are
 * shown as text whatever they contain. Colours come from CSS classes (media/handshake.css, which maps
 * them to `--vscode-*` variables), so the same drawing follows light, dark and high-contrast themes.
 */
import type { Diagram, Lifeline, Row } from './layout';
import { GEOMETRY, NOTE_OFFSET } from './layout';
import type { Segment } from './format';
import { time } from './format';

const NS = 'http://www.w3.org/2000/svg';

type Attrs = Record<string, string | number>;

export function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, text?: string): SVGElementTagNameMap[K] {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

const BANNER = 18;

export function drawDiagram(d: Diagram, title: string): SVGSVGElement {
  const g = GEOMETRY;
  const causeWidth = d.breaking ? (d.breaking.cause.length + 14) * g.charWidth + g.left : 0;
  const width = Math.ceil(Math.max(d.width, causeWidth));
  const svg = el('svg', { xmlns: NS, class: 'hp-diagram', width, height: d.height, viewBox: `0 0 ${width} ${d.height}`, role: 'group', 'aria-roledescription': 'sequence diagram' });
  svg.append(el('title', {}, title));
  svg.append(el('desc', {}, 'One column per element, time going down. Each arrow is a packet; press Enter on one for every header field. The same sequence follows as a list.'));
  svg.append(defs());

  const x = new Map(d.lifelines.map((l) => [l.id, l.x]));
  const bands = el('g', { class: 'hp-bands' });
  const lines = el('g', { class: 'hp-lifelines' });
  const body = el('g', { class: 'hp-rows' });
  svg.append(bands, lines, body);

  if (d.breaking) {
    const banner = el('text', { class: 'hp-cause', x: 8, y: BANNER });
    banner.append(el('tspan', { class: 'hp-cause-mark' }, '⚠ breaks here: '), document.createTextNode(d.breaking.cause));
    svg.insertBefore(banner, bands);
  }
  for (const l of d.lifelines) lines.append(lifeline(l, d.height));
  for (const r of d.rows) {
    const node = row(r, x, width);
    if (!node) continue;
    if ('breaking' in r && r.breaking) {
      const h = r.kind === 'arrow' ? g.arrow : g.note;
      bands.append(el('rect', { class: 'hp-break-band', x: 0, y: r.y - h + 4, width, height: h }));
    }
    body.append(node);
  }
  return svg;
}

/**
 * The lifeline heads again, as a strip that sticks to the top of the scrolled canvas, so a long trace
 * (retransmissions expanded) keeps its column names in view. Decoration only: hidden from screen readers,
 * not exported (the diagram itself has the heads).
 */
export function drawStickyHeads(d: Diagram, width: number): SVGSVGElement {
  const height = BANNER + 48;
  const svg = el('svg', { class: 'hp-diagram hp-sticky-heads', width, height, viewBox: `0 0 ${width} ${height}`, 'aria-hidden': 'true' });
  svg.append(el('rect', { class: 'hp-sticky-bg', x: 0, y: 0, width, height }));
  for (const l of d.lifelines) {
    const g = lifeline(l, 0);
    g.querySelector('line')?.remove();
    g.querySelector('title')?.remove();
    g.classList.replace('hp-lifeline', 'hp-lifeline-copy');
    g.removeAttribute('data-element');
    svg.append(g);
  }
  return svg;
}

function defs(): SVGDefsElement {
  const defs = el('defs');
  for (const [id, cls] of [['hp-head', 'hp-head'], ['hp-head-break', 'hp-head hp-head-break']] as const) {
    const m = el('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' });
    m.append(el('path', { d: 'M0,0 L10,5 L0,10 z', class: cls }));
    defs.append(m);
  }
  return defs;
}

function lifeline(l: Lifeline, height: number): SVGGElement {
  const g = el('g', { class: `hp-lifeline hp-kind-${l.kind}`, 'data-element': l.id });
  const w = GEOMETRY.column - 14;
  g.append(el('rect', { class: 'hp-lifeline-box', x: l.x - w / 2, y: BANNER + 10, width: w, height: 34, rx: 3 }));
  g.append(el('text', { class: 'hp-lifeline-name', x: l.x, y: BANNER + 25, 'text-anchor': 'middle' }, clip(l.id, 20)));
  g.append(el('text', { class: 'hp-lifeline-caption', x: l.x, y: BANNER + 38, 'text-anchor': 'middle' }, clip(l.caption, 24)));
  g.append(el('line', { class: 'hp-lifeline-line', x1: l.x, y1: BANNER + 44, x2: l.x, y2: height - 8 }));
  const full = el('title', {}, `${l.id} (${l.caption})`);
  g.append(full);
  return g;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function row(r: Row, x: Map<string, number>, width: number): SVGGElement | undefined {
  switch (r.kind) {
    case 'arrow': {
      const x1 = x.get(r.from)!;
      const x2 = x.get(r.to)!;
      const flags = r.packet.flags;
      const cls = ['hp-arrow', ...flags.map((f) => `hp-flag-${f.toLowerCase()}`), r.breaking ? 'hp-breaking' : ''].filter(Boolean).join(' ');
      const a = el('g', { class: cls, tabindex: 0, role: 'button', 'data-hop': r.hop, 'aria-label': `${time(r.time)}: ${r.label}, from ${r.from} to ${r.to}${r.breaking ? ', breaking point' : ''}` });
      a.append(el('rect', { class: 'hp-hit', x: Math.min(x1, x2) - 6, y: r.y - 24, width: Math.max(Math.abs(x2 - x1), 24) + 12, height: 30 }));
      a.append(el('text', { class: 'hp-time', x: 8, y: r.y + 4 }, time(r.time)));
      if (x1 === x2) {
        a.append(el('path', { class: 'hp-arrow-line', d: `M${x1},${r.y - 8} h28 v12 h-26`, 'marker-end': `url(#${r.breaking ? 'hp-head-break' : 'hp-head'})`, fill: 'none' }));
      } else {
        a.append(el('line', { class: 'hp-arrow-line', x1, y1: r.y, x2: x2 + (x2 > x1 ? -2 : 2), y2: r.y, 'marker-end': `url(#${r.breaking ? 'hp-head-break' : 'hp-head'})` }));
      }
      const mid = (x1 + x2) / 2;
      a.append(el('text', { class: 'hp-arrow-label', x: mid, y: r.y - 6, 'text-anchor': 'middle' }, r.label));
      if (r.breaking) a.append(el('text', { class: 'hp-break-mark', x: Math.min(x1, x2) - 16, y: r.y + 4, 'aria-hidden': 'true' }, '⚠'));
      return a;
    }
    case 'note': {
      const n = el('g', { class: `hp-note hp-tone-${r.tone}${r.breaking ? ' hp-breaking' : ''}`, 'data-hop': r.hop });
      const lx = x.get(r.element);
      const at = lx ?? GEOMETRY.left;
      n.append(el('rect', { class: 'hp-note-mark', x: at - 4, y: r.y - 8, width: 8, height: 8, rx: r.tone === 'conntrack' ? 4 : 1 }));
      const t = el('text', { class: 'hp-note-text', x: at + NOTE_OFFSET, y: r.y });
      for (const s of r.segments) t.append(segment(s));
      n.append(t);
      return n;
    }
    case 'retransmissions': {
      const b = el('g', { class: 'hp-retx', tabindex: 0, role: 'button', 'aria-expanded': String(r.expanded) });
      b.append(el('rect', { class: 'hp-retx-box', x: 4, y: r.y - 16, width: width - 8, height: 22 + GEOMETRY.timeline, rx: 3 }));
      b.append(el('text', { class: 'hp-retx-text', x: 12, y: r.y }, r.text));
      b.append(backoff(r.times, r.end, r.y + 8, Math.min(width - 40, 720)));
      return b;
    }
    case 'attempt': {
      const a = el('g', { class: 'hp-attempt' });
      a.append(el('line', { class: 'hp-attempt-rule', x1: 4, y1: r.y - 18, x2: width - 4, y2: r.y - 18 }));
      a.append(el('text', { class: 'hp-attempt-text', x: 8, y: r.y - 4 }, r.text));
      return a;
    }
    case 'end':
      return (() => {
        const e = el('g', { class: 'hp-end' });
        e.append(el('text', { class: 'hp-end-text', x: 8, y: r.y }, r.text));
        return e;
      })();
  }
  return undefined;
}

/**
 * The retransmission timeline on a log scale, so exponential backoff (1 s, 3 s, 7 s … 127 s) reads as
 * evenly spaced ticks: one per SYN sent again, and the connect timeout at the end.
 */
function backoff(times: readonly number[], end: number, y: number, length: number): SVGGElement {
  const x0 = 24;
  const scale = (ms: number) => x0 + (Math.log2(ms / 1000 + 1) / Math.log2(end / 1000 + 1)) * length;
  const g = el('g', { class: 'hp-backoff', 'aria-hidden': 'true' });
  g.append(el('line', { class: 'hp-backoff-axis', x1: x0, y1: y, x2: x0 + length, y2: y }));
  for (const [ms, cls] of [[0, 'hp-backoff-tick'], ...times.map((t) => [t, 'hp-backoff-tick'] as const), [end, 'hp-backoff-end']] as const) {
    const x = scale(ms);
    g.append(el('line', { class: cls, x1: x, y1: y - 4, x2: x, y2: y + 4 }));
    g.append(el('text', { class: 'hp-backoff-label', x, y: y + 16, 'text-anchor': 'middle' }, ms === end ? `timeout ${time(ms)}` : time(ms)));
  }
  return g;
}

function segment(s: Segment): SVGTSpanElement {
  return el('tspan', s.tone ? { class: `hp-seg-${s.tone}` } : {}, s.text);
}

const EXPORTED = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'font-family', 'font-size', 'font-weight', 'font-style', 'text-decoration', 'opacity', 'paint-order'] as const;

/**
 * A standalone SVG document of the drawing: the theme's current colours and fonts are written onto each
 * element (computed styles as presentation attributes), so the file looks the same outside the editor.
 */
export function exportSvg(svg: SVGSVGElement, background: string): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((node, i) => {
    const target = to[i]!;
    target.removeAttribute('tabindex');
    if (node instanceof SVGElement && !(node instanceof SVGTitleElement) && !(node instanceof SVGDescElement)) {
      const cs = getComputedStyle(node);
      for (const p of EXPORTED) {
        const v = cs.getPropertyValue(p);
        if (v) target.setAttribute(p, v);
      }
    }
  });
  copy.removeAttribute('class');
  copy.insertBefore(el('rect', { width: '100%', height: '100%', fill: background }), copy.querySelector('defs')!.nextSibling);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}
