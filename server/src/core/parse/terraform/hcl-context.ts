import { span, type Span } from '../../text/span';
import type { PlainNode } from './plain-tree';
import { decodeQuoted } from './hcl-strings';

/** A syntax problem found while converting: a tree-sitter error, or what tree-sitter accepts and Terraform does not. */
export interface Problem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /** Set for input that is valid but beyond what Hairpin reads (nesting limits), not a syntax error. */
  readonly limit?: true;
}

/** What conversion needs: the parsed text (a whole file, or one chunk of it at `base`). */
export interface ConvertContext {
  readonly file: string;
  readonly text: string;
  readonly base: number;
  readonly problems: Problem[];
}

/** Deeper input is kept as `other`; it protects the stack, and nothing real nests this far. */
export const MAX_DEPTH = 64;

export function nodeSpan(ctx: ConvertContext, node: PlainNode): Span {
  return span(ctx.file, ctx.base + node.startIndex, ctx.base + node.endIndex);
}

export function problem(ctx: ConvertContext, start: number, end: number, message: string): void {
  ctx.problems.push({ start: ctx.base + start, end: ctx.base + end, message });
}

/** The first error or missing node under `node`, found without recursion. */
export function firstError(node: PlainNode): PlainNode | undefined {
  let n: PlainNode = node;
  for (let guard = 0; guard < 10_000; guard++) {
    if (n.isError || n.isMissing) return n;
    const next = n.children.find((c) => c.isError || c.isMissing || c.hasError);
    if (!next) return n.hasError ? n : undefined;
    n = next;
  }
  return n;
}

export function errorMessage(ctx: ConvertContext, node: PlainNode): string {
  if (node.isMissing) return `missing ${JSON.stringify(node.type)}`;
  const near = ctx.text.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 30)).split('\n')[0]!.trim();
  return near ? `unexpected ${JSON.stringify(near)}` : 'unexpected input';
}

/** Records the first error under `node` as a problem; returns its start offset (in the parsed text). */
export function recordError(ctx: ConvertContext, node: PlainNode): number {
  const e = firstError(node) ?? node;
  problem(ctx, e.startIndex, Math.max(e.endIndex, e.startIndex), errorMessage(ctx, e));
  return e.startIndex;
}

/** The text between a quoted node's opening and closing quote (to the node's end when the closing one is missing). */
export function quotedContent(node: PlainNode): { start: number; end: number } {
  const children = node.children;
  const open = children[0];
  const close = children[children.length - 1];
  const start = open?.type === 'quoted_template_start' ? open.endIndex : node.startIndex;
  const end = close?.type === 'quoted_template_end' && !close.isMissing && close !== open ? close.startIndex : node.endIndex;
  return { start, end: Math.max(start, end) };
}

/** The value of a `string_lit` (labels, literal strings). */
export function stringLitValue(ctx: ConvertContext, node: PlainNode): string {
  const { start, end } = quotedContent(node);
  return decodeQuoted(ctx.text.slice(start, end)).value;
}
