import type { TfAttribute, TfBlock, TfBody, TfExpr, TfLabel } from '../../model/terraform';
import { span, type Span } from '../../text/span';
import type { PlainNode } from './plain-tree';
import { MAX_DEPTH, nodeSpan, recordError, stringLitValue, type ConvertContext } from './hcl-context';
import { convertExpression } from './hcl-expressions';

/** A block's type and labels, read without its body. */
export function blockHeader(ctx: ConvertContext, node: PlainNode): { type: string; typeSpan: Span; labels: TfLabel[]; head: Span } | undefined {
  const children = node.children;
  const id = children[0];
  if (!id || id.type !== 'identifier') return undefined;
  const labels: TfLabel[] = [];
  let headEnd = id.endIndex;
  for (const c of children.slice(1)) {
    if (c.type === 'string_lit') labels.push({ value: stringLitValue(ctx, c), span: nodeSpan(ctx, c) });
    else if (c.type === 'identifier') labels.push({ value: ctx.text.slice(c.startIndex, c.endIndex), span: nodeSpan(ctx, c) });
    else break;
    headEnd = c.endIndex;
  }
  return {
    type: ctx.text.slice(id.startIndex, id.endIndex),
    typeSpan: nodeSpan(ctx, id),
    labels,
    head: span(ctx.file, ctx.base + node.startIndex, ctx.base + headEnd),
  };
}

/**
 * Converts a block. A block with a syntax error inside keeps what came before the error and records
 * where it broke; anything after it is not trusted, because error recovery may have misplaced it.
 */
export function convertBlock(ctx: ConvertContext, node: PlainNode, depth: number, readBody = true): TfBlock | undefined {
  const header = blockHeader(ctx, node);
  if (!header) return undefined;
  const { type, labels, head } = header;
  const whole = nodeSpan(ctx, node);
  if (!readBody) return { type, labels, head, span: whole };
  const bodyNode = node.children.find((c) => c.type === 'body');
  const before = ctx.problems.length;
  const body = bodyNode ? convertBody(ctx, bodyNode, depth + 1) : { attributes: [], blocks: [] };
  let brokenAt: number | undefined;
  if (ctx.problems.length > before) brokenAt = ctx.problems[before]!.start;
  else if (node.hasError) brokenAt = ctx.base + recordError(ctx, node);
  return {
    type,
    labels,
    head,
    span: whole,
    body,
    ...(brokenAt !== undefined ? { brokenAt: span(ctx.file, brokenAt, brokenAt) } : {}),
  };
}

/** Converts a body, stopping at the first item with a syntax problem (see convertBlock). */
export function convertBody(ctx: ConvertContext, node: PlainNode, depth: number): TfBody {
  const attributes: TfAttribute[] = [];
  const blocks: TfBlock[] = [];
  if (depth > MAX_DEPTH) {
    ctx.problems.push({ start: ctx.base + node.startIndex, end: ctx.base + node.endIndex, message: `blocks nested more than ${MAX_DEPTH} deep`, limit: true });
    return { attributes, blocks };
  }
  for (const child of node.children) {
    if (child.type === 'comment') continue;
    if (child.isError || child.isMissing) {
      recordError(ctx, child);
      break;
    }
    if (child.type === 'attribute') {
      const before = ctx.problems.length;
      const attr = convertAttribute(ctx, child, depth);
      if (child.hasError && ctx.problems.length === before) recordError(ctx, child);
      if (ctx.problems.length > before) break;
      if (attr) attributes.push(attr);
    } else if (child.type === 'block') {
      const before = ctx.problems.length;
      const block = convertBlock(ctx, child, depth);
      if (block) blocks.push(block);
      if (ctx.problems.length > before) break;
    }
  }
  return { attributes, blocks };
}

export function convertAttribute(ctx: ConvertContext, node: PlainNode, depth: number): TfAttribute | undefined {
  const children = node.children;
  const id = children[0];
  const expr = children.find((c) => c.type === 'expression');
  if (!id || id.type !== 'identifier' || !expr) return undefined;
  const value: TfExpr = convertExpression(ctx, expr, depth + 1);
  return { name: ctx.text.slice(id.startIndex, id.endIndex), nameSpan: nodeSpan(ctx, id), value, span: nodeSpan(ctx, node) };
}
