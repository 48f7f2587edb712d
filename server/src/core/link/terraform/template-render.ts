import type { TfExpr, TfValue } from '../../model/terraform';
import { span, type Span } from '../../text/span';
import type { TemplateNode } from './template-syntax';
import { describe } from './values';

/** Where a piece of the rendered text comes from: template text (offset by offset), or a substituted value. */
interface Segment {
  readonly outStart: number;
  readonly outEnd: number;
  /** Template text copied as written: out[outStart + i] is template[src.start + i]. */
  readonly copied: boolean;
  /** The template text it was made from (the text itself, or the `${…}` that produced it). */
  readonly src: Span;
  /** For a substituted scalar: where that value is written (a variable's literal in the .tf or .tfvars). */
  readonly value?: Span;
}

export interface Rendered {
  readonly text: string;
  /** Maps a range of the rendered text back to where it is written. */
  readonly locate: (start: number, end: number) => Span;
  /** Stand-ins put where a value is not known before apply, with why. */
  readonly unknowns: ReadonlyMap<string, string>;
}

/** A loop or a growing render is cut off: real values templates are small. */
const MAX_OUTPUT = 1_000_000;
const MAX_ITERATIONS = 10_000;

/**
 * Renders a parsed template with its variables, as `templatefile()` does, keeping where every piece
 * comes from. A directive whose condition or collection is not known makes the whole render fail with
 * a problem naming it; an interpolated value that is not known is left as a stand-in, reported where used.
 */
export function renderTemplate(file: string, nodes: readonly TemplateNode[], evaluateIn: (names: ReadonlyMap<string, TfValue>) => (e: TfExpr) => TfValue, names: ReadonlyMap<string, TfValue>, template: string): Rendered | { problem: string } {
  let text = '';
  const segments: Segment[] = [];
  const unknowns = new Map<string, string>();
  let iterations = 0;
  const push = (piece: string, seg: Omit<Segment, 'outStart' | 'outEnd'>) => {
    if (piece === '') return;
    segments.push({ ...seg, outStart: text.length, outEnd: text.length + piece.length });
    text += piece;
  };
  const standIn = (why: string): string => {
    const key = `__hairpin_unknown_${unknowns.size}__`;
    unknowns.set(key, why);
    return key;
  };
  /** An encoded object or list written as JSON (valid YAML flow style), each scalar placed where it is written. */
  const json = (v: TfValue, at: Span): void => {
    if (v.kind === 'scalar') push(JSON.stringify(v.value), { copied: false, src: at, value: v.span });
    else if (v.kind === 'object') {
      push('{', { copied: false, src: at });
      v.entries.forEach((e, i) => {
        push(i > 0 ? ', ' : '', { copied: false, src: at });
        push(JSON.stringify(e.key), { copied: false, src: at, value: e.keySpan });
        push(': ', { copied: false, src: at });
        json(e.value, at);
      });
      push('}', { copied: false, src: at });
    } else if (v.kind === 'tuple') {
      push('[', { copied: false, src: at });
      v.items.forEach((item, i) => {
        push(i > 0 ? ', ' : '', { copied: false, src: at });
        json(item, at);
      });
      push(']', { copied: false, src: at });
    } else push(JSON.stringify(standIn(whyNotKnown(v, 'not known'))), { copied: false, src: at });
  };

  const render = (list: readonly TemplateNode[], env: ReadonlyMap<string, TfValue>): string | undefined => {
    const ev = evaluateIn(env);
    for (const node of list) {
      if (text.length > MAX_OUTPUT) return `the rendered text is longer than ${MAX_OUTPUT} characters`;
      if (node.kind === 'text') {
        push(template.slice(node.start, node.end), { copied: true, src: span(file, node.start, node.end) });
        continue;
      }
      const at = span(file, node.start, node.end);
      if (node.kind === 'interpolation') {
        // indent(n, yamlencode(x)) is written as one line of JSON, which needs no indentation.
        const indented = node.expr.kind === 'call' && node.expr.name === 'indent' && node.expr.args.length === 2 ? ev(node.expr.args[1]!) : undefined;
        const v = indented && (indented.kind === 'object' || indented.kind === 'tuple') && indented.encoded ? indented : ev(node.expr);
        if (v.kind === 'scalar' && v.value !== null) push(String(v.value), { copied: false, src: at, value: v.span });
        else if ((v.kind === 'object' || v.kind === 'tuple') && v.encoded) json(v, at);
        else if (v.kind === 'object' || v.kind === 'tuple') return `${template.slice(node.start, node.end)} interpolates a ${v.kind === 'object' ? 'map' : 'list'}, which Terraform cannot write into text`;
        else push(standIn(whyNotKnown(v, `${describe(node.expr)} is null`)), { copied: false, src: at });
        continue;
      }
      if (node.kind === 'if') {
        const c = ev(node.condition);
        const b = c.kind === 'scalar' ? (c.value === true || c.value === 'true' ? true : c.value === false || c.value === 'false' ? false : undefined) : undefined;
        if (b === undefined) return `the directive ${node.written} cannot be evaluated (${whyNotKnown(c, `${describe(node.condition)} is not a known bool`)})`;
        const problem = render(b ? node.then : node.otherwise, env);
        if (problem) return problem;
        continue;
      }
      const c = ev(node.collection);
      const items: [TfValue, TfValue][] =
        c.kind === 'tuple' ? c.items.map((v, i) => [{ kind: 'scalar', value: i, span: v.span }, v]) : c.kind === 'object' ? c.entries.map((e) => [{ kind: 'scalar', value: e.key, span: e.keySpan }, e.value]) : [];
      if (c.kind !== 'tuple' && c.kind !== 'object') return `the directive ${node.written} cannot be evaluated (${whyNotKnown(c, `${describe(node.collection)} is not a known list or map`)})`;
      for (const [key, value] of items) {
        if (++iterations > MAX_ITERATIONS) return `the directive ${node.written} repeats more than ${MAX_ITERATIONS} times`;
        const inner = new Map(env);
        if (node.key) inner.set(node.key, key);
        inner.set(node.value, value);
        const problem = render(node.body, inner);
        if (problem) return problem;
      }
    }
    return undefined;
  };

  const problem = render(nodes, names);
  if (problem) return { problem };
  const whole = span(file, 0, template.length);
  const locate = (start: number, end: number): Span => {
    // A quoted scalar: its quotes are template text around what decides it.
    if (end - start >= 2 && (text[start] === '"' || text[start] === "'") && text[end - 1] === text[start]) {
      const inside = segments.filter((s) => s.outStart < end - 1 && s.outEnd > start + 1);
      if (inside.length === 1 && inside[0]!.value) return inside[0]!.value;
    }
    const hit = segments.filter((s) => s.outStart < Math.max(end, start + 1) && s.outEnd > start);
    if (hit.length === 0) return whole;
    if (hit.length === 1) {
      const s = hit[0]!;
      if (s.copied) return span(file, s.src.start + Math.max(0, start - s.outStart), s.src.start + Math.min(s.outEnd, end) - s.outStart);
      if (s.value && start >= s.outStart && end <= s.outEnd) return s.value;
      return s.src;
    }
    const from = (s: Segment) => (s.copied ? s.src.start + Math.max(0, start - s.outStart) : s.src.start);
    const to = (s: Segment) => (s.copied ? s.src.start + Math.min(s.outEnd, end) - s.outStart : s.src.end);
    return span(file, Math.min(...hit.map(from)), Math.max(...hit.map(to)));
  };
  return { text, locate, unknowns };
}

function whyNotKnown(v: TfValue, otherwise: string): string {
  if (v.kind === 'unknown') return v.why;
  if (v.kind === 'ref') return `${v.address}${v.attribute ? `.${v.attribute}` : ''} is known only after apply`;
  return otherwise;
}
