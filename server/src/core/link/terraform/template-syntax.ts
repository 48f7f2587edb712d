import type { TfExpr } from '../../model/terraform';
import { readHcl } from '../../parse/terraform/read-hcl';
import { hasGrammar } from '../../parse/tree-sitter';

/**
 * A Terraform template (`templatefile()`) as a tree: literal text, `${…}` interpolations, and the
 * `%{ if }` / `%{ for }` directives, with `~` strip markers applied. Offsets are the template's own.
 */
export type TemplateNode =
  | { readonly kind: 'text'; readonly start: number; readonly end: number }
  | { readonly kind: 'interpolation'; readonly expr: TfExpr; readonly start: number; readonly end: number }
  | { readonly kind: 'if'; readonly condition: TfExpr; readonly then: readonly TemplateNode[]; readonly otherwise: readonly TemplateNode[]; readonly start: number; readonly end: number; readonly written: string }
  | { readonly kind: 'for'; readonly key?: string; readonly value: string; readonly collection: TfExpr; readonly body: readonly TemplateNode[]; readonly start: number; readonly end: number; readonly written: string };

export type TemplateParse = { readonly nodes: readonly TemplateNode[] } | { readonly problem: string; readonly start: number };

interface Token {
  readonly kind: 'text' | 'interpolation' | 'directive';
  start: number;
  end: number;
  /** The part between `${` / `%{` and `}`, without strip markers. */
  readonly inner?: { readonly start: number; readonly end: number };
  readonly stripBefore?: boolean;
  readonly stripAfter?: boolean;
}

/** Parses a template; a syntax Hairpin cannot read is a problem with where it is, never a guess. */
export function parseTemplate(file: string, text: string): TemplateParse {
  const tokens = tokenize(text);
  if ('problem' in tokens) return tokens;
  strip(text, tokens);
  const root: TemplateNode[] = [];
  // if/else/for bodies are collected on a stack of open directives.
  const frames: { kind: 'if' | 'for'; token: Token; head: string; then: TemplateNode[]; otherwise?: TemplateNode[] }[] = [];
  const out = (): TemplateNode[] => {
    const f = frames[frames.length - 1];
    return f ? (f.otherwise ?? f.then) : root;
  };
  for (const t of tokens) {
    if (t.kind === 'text') {
      if (t.end > t.start) out().push({ kind: 'text', start: t.start, end: t.end });
      continue;
    }
    const inner = t.inner!;
    if (t.kind === 'interpolation') {
      const expr = parseExpression(file, text, inner.start, inner.end);
      if (!expr) return { problem: `the interpolation ${text.slice(t.start, t.end)} is not an expression Hairpin reads`, start: t.start };
      out().push({ kind: 'interpolation', expr, start: t.start, end: t.end });
      continue;
    }
    const body = text.slice(inner.start, inner.end);
    const lead = body.length - body.trimStart().length;
    const word = /^\s*(\w+)/.exec(body)?.[1] ?? '';
    const written = text.slice(t.start, t.end);
    if (word === 'if') {
      frames.push({ kind: 'if', token: t, head: written, then: [] });
      continue;
    }
    if (word === 'for') {
      frames.push({ kind: 'for', token: t, head: written, then: [] });
      continue;
    }
    const frame = frames[frames.length - 1];
    if (word === 'else' && frame?.kind === 'if' && !frame.otherwise) {
      frame.otherwise = [];
      continue;
    }
    if ((word === 'endif' && frame?.kind === 'if') || (word === 'endfor' && frame?.kind === 'for')) {
      frames.pop();
      const open = frame.token.inner!;
      const openText = text.slice(open.start, open.end);
      const openLead = openText.length - openText.trimStart().length;
      const node = closeFrame(file, text, frame, open.start + openLead, open.end, t.end);
      if ('problem' in node) return node;
      out().push(node);
      continue;
    }
    return { problem: `the directive ${written} is not one Hairpin reads (if, else, endif, for, endfor)`, start: t.start + lead };
  }
  const open = frames[frames.length - 1];
  if (open) return { problem: `the directive ${open.head} is never closed`, start: open.token.start };
  return { nodes: root };
}

function closeFrame(
  file: string,
  text: string,
  frame: { kind: 'if' | 'for'; token: Token; head: string; then: TemplateNode[]; otherwise?: TemplateNode[] },
  start: number,
  end: number,
  closeEnd: number,
): TemplateNode | { problem: string; start: number } {
  const head = text.slice(start, end);
  if (frame.kind === 'if') {
    const at = start + (/^if\s+/.exec(head)?.[0].length ?? 2);
    const condition = parseExpression(file, text, at, end);
    if (!condition) return { problem: `the condition of ${frame.head} is not an expression Hairpin reads`, start: frame.token.start };
    return { kind: 'if', condition, then: frame.then, otherwise: frame.otherwise ?? [], start: frame.token.start, end: closeEnd, written: frame.head };
  }
  const m = /^for\s+([A-Za-z_][\w-]*)\s*(?:,\s*([A-Za-z_][\w-]*))?\s+in\s+/.exec(head);
  if (!m) return { problem: `${frame.head} is not a for directive Hairpin reads`, start: frame.token.start };
  const collection = parseExpression(file, text, start + m[0].length, end);
  if (!collection) return { problem: `the collection of ${frame.head} is not an expression Hairpin reads`, start: frame.token.start };
  return {
    kind: 'for',
    ...(m[2] ? { key: m[1]!, value: m[2] } : { value: m[1]! }),
    collection,
    body: frame.then,
    start: frame.token.start,
    end: closeEnd,
    written: frame.head,
  };
}

/** Splits the text at `${…}` and `%{…}` sequences; `$${` and `%%{` are the literal `${` and `%{`. */
function tokenize(text: string): Token[] | { problem: string; start: number } {
  const tokens: Token[] = [];
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      tokens.push({ kind: 'text', start: last, end: i }, { kind: 'text', start: i + 1, end: i + 3 });
      last = i + 3;
      i += 2;
      continue;
    }
    if ((c !== '$' && c !== '%') || text[i + 1] !== '{') continue;
    const close = closingBrace(text, i + 2);
    if (close < 0) return { problem: `${c}{ is never closed`, start: i };
    const stripBefore = text[i + 2] === '~';
    const stripAfter = text[close - 1] === '~' && close - 1 > i + 2;
    tokens.push({ kind: 'text', start: last, end: i });
    tokens.push({
      kind: c === '$' ? 'interpolation' : 'directive',
      start: i,
      end: close + 1,
      inner: { start: i + 2 + (stripBefore ? 1 : 0), end: close - (stripAfter ? 1 : 0) },
      stripBefore,
      stripAfter,
    });
    last = close + 1;
    i = close;
  }
  tokens.push({ kind: 'text', start: last, end: text.length });
  return tokens;
}

/** The `}` that closes a sequence opened before `from`, skipping nested braces and quoted strings. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let k = from; k < text.length; k++) {
    const c = text[k];
    if (c === '"') {
      for (k++; k < text.length && text[k] !== '"'; k++) if (text[k] === '\\') k++;
    } else if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0) return k;
      depth--;
    }
  }
  return -1;
}

/** `~` strip markers remove the whitespace (newlines included) on their side of the sequence. */
function strip(text: string, tokens: Token[]): void {
  tokens.forEach((t, i) => {
    if (t.kind === 'text') return;
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    if (t.stripBefore && before?.kind === 'text') while (before.end > before.start && /\s/.test(text[before.end - 1]!)) before.end--;
    if (t.stripAfter && after?.kind === 'text') while (after.start < after.end && /\s/.test(text[after.start]!)) after.start++;
  });
}

/**
 * One HCL expression of the template, read by the Terraform reader: spans come out in the template's
 * own offsets. Undefined when it is not one expression.
 */
function parseExpression(file: string, text: string, start: number, end: number): TfExpr | undefined {
  const source = text.slice(start, end).trim();
  if (source === '' || source.includes('\n') || !hasGrammar('hcl')) return undefined;
  const offset = start + (text.slice(start, end).length - text.slice(start, end).trimStart().length);
  const read = readHcl(file, `x=${source}`);
  const attr = read?.body.attributes[0];
  if (!read || read.problems.length > 0 || !attr || read.body.attributes.length !== 1) return undefined;
  return shifted(attr.value, offset - 2) as TfExpr;
}

/** A copy of a parsed value with every span (and exact offset) moved by `by`. */
function shifted(x: unknown, by: number): unknown {
  if (Array.isArray(x)) return x.map((v) => shifted(v, by));
  if (typeof x !== 'object' || x === null) return x;
  const out: Record<string, unknown> = {};
  const isSpan = 'file' in x && 'start' in x && 'end' in x;
  for (const [k, v] of Object.entries(x)) {
    if ((isSpan && (k === 'start' || k === 'end')) || k === 'exactStart') out[k] = typeof v === 'number' ? v + by : v;
    else out[k] = shifted(v, by);
  }
  return out;
}
