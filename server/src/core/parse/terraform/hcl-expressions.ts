import type { TfExpr, TfObjectItem, TfStep, TfTemplatePart } from '../../model/terraform';
import { span } from '../../text/span';
import type { PlainNode } from './plain-tree';
import { MAX_DEPTH, nodeSpan, problem, quotedContent, type ConvertContext } from './hcl-context';
import { commonIndent, decodeHeredoc, decodeQuoted, stripIndent } from './hcl-strings';

const BINARY_OPS = new Set(['*', '/', '%', '+', '-', '>', '>=', '<', '<=', '==', '!=', '&&', '||']);

/** Converts an `expression` node (a conditional, or a term with its index/attribute/splat steps). */
export function convertExpression(ctx: ConvertContext, node: PlainNode, depth: number): TfExpr {
  if (depth > MAX_DEPTH) return { kind: 'other', what: `an expression nested more than ${MAX_DEPTH} deep`, span: nodeSpan(ctx, node) };
  const children = node.children.filter((c) => c.type !== 'comment');
  if (children.length === 1 && children[0]!.type === 'conditional') return convertConditional(ctx, children[0]!, depth);
  return convertTerm(ctx, children, depth);
}

function convertConditional(ctx: ConvertContext, node: PlainNode, depth: number): TfExpr {
  const parts = node.children.filter((c) => c.type === 'expression');
  if (parts.length !== 3) return { kind: 'other', what: 'an incomplete conditional', span: nodeSpan(ctx, node) };
  return {
    kind: 'conditional',
    condition: convertExpression(ctx, parts[0]!, depth + 1),
    then: convertExpression(ctx, parts[1]!, depth + 1),
    otherwise: convertExpression(ctx, parts[2]!, depth + 1),
    span: nodeSpan(ctx, node),
  };
}

/** A term is a flat run of nodes: a primary (or `( expression )`) followed by steps. */
function convertTerm(ctx: ConvertContext, pieces: readonly PlainNode[], depth: number): TfExpr {
  const first = pieces[0];
  if (!first) return { kind: 'other', what: 'an empty expression', span: span(ctx.file, ctx.base, ctx.base) };
  const whole = span(ctx.file, ctx.base + first.startIndex, ctx.base + pieces[pieces.length - 1]!.endIndex);
  if (depth > MAX_DEPTH) return { kind: 'other', what: `an expression nested more than ${MAX_DEPTH} deep`, span: whole };
  let primary: TfExpr;
  let rest: readonly PlainNode[];
  if (first.type === '(') {
    const inner = pieces[1];
    primary = inner?.type === 'expression' ? convertExpression(ctx, inner, depth + 1) : { kind: 'other', what: 'an empty parenthesis', span: whole };
    const close = pieces.findIndex((p) => p.type === ')');
    rest = close < 0 ? [] : pieces.slice(close + 1);
  } else {
    primary = convertPrimary(ctx, first, depth);
    rest = pieces.slice(1);
  }
  const steps = rest.flatMap((p) => convertSteps(ctx, p, depth));
  if (steps.length === 0) return primary;
  if (primary.kind === 'traversal' && first.type === 'variable_expr') return { kind: 'traversal', root: primary.root, steps, span: whole };
  return { kind: 'access', base: primary, steps, span: whole };
}

function convertSteps(ctx: ConvertContext, node: PlainNode, depth: number): TfStep[] {
  switch (node.type) {
    case 'get_attr': {
      const id = node.children.find((c) => c.type === 'identifier');
      return id ? [{ kind: 'attr', name: ctx.text.slice(id.startIndex, id.endIndex) }] : [];
    }
    case 'index': {
      const inner = node.children[0];
      if (inner?.type === 'new_index') {
        const e = inner.children.find((c) => c.type === 'expression');
        return e ? [{ kind: 'index', key: convertExpression(ctx, e, depth + 1) }] : [];
      }
      if (inner?.type === 'legacy_index') {
        const digits = ctx.text.slice(inner.startIndex + 1, inner.endIndex);
        return [{ kind: 'index', key: { kind: 'literal', value: Number(digits), span: nodeSpan(ctx, inner) } }];
      }
      return [];
    }
    case 'splat': {
      const inner = node.children[0];
      return [{ kind: 'splat' }, ...(inner?.children ?? []).flatMap((c) => convertSteps(ctx, c, depth))];
    }
    default:
      return [];
  }
}

function convertPrimary(ctx: ConvertContext, node: PlainNode, depth: number): TfExpr {
  const at = nodeSpan(ctx, node);
  switch (node.type) {
    case 'literal_value':
      return convertLiteral(ctx, node.children[0] ?? node);
    case 'template_expr': {
      const inner = node.children[0];
      if (inner?.type === 'quoted_template') return convertQuoted(ctx, inner, depth);
      if (inner?.type === 'heredoc_template') return convertHeredoc(ctx, inner, depth);
      return { kind: 'other', what: 'a template', span: at };
    }
    case 'collection_value': {
      const inner = node.children[0];
      if (inner?.type === 'tuple') return convertTuple(ctx, inner, depth);
      if (inner?.type === 'object') return convertObject(ctx, inner, depth);
      return { kind: 'other', what: 'a collection', span: at };
    }
    case 'variable_expr':
      return { kind: 'traversal', root: ctx.text.slice(node.startIndex, node.endIndex), steps: [], span: at };
    case 'function_call':
      return convertCall(ctx, node, depth);
    case 'for_expr':
      return { kind: 'other', what: 'a for expression', span: at };
    case 'operation':
      return convertOperation(ctx, node.children[0] ?? node, depth);
    default:
      return { kind: 'other', what: node.isError ? 'a syntax error' : node.type, span: at };
  }
}

function convertLiteral(ctx: ConvertContext, node: PlainNode): TfExpr {
  const at = nodeSpan(ctx, node);
  const raw = ctx.text.slice(node.startIndex, node.endIndex);
  switch (node.type) {
    case 'numeric_lit':
      return { kind: 'literal', value: raw.startsWith('0x') ? parseInt(raw.slice(2), 16) : Number(raw), span: at };
    case 'bool_lit':
      return { kind: 'literal', value: raw === 'true', span: at };
    case 'null_lit':
      return { kind: 'literal', value: null, span: at };
    case 'string_lit':
      return convertQuoted(ctx, node, 0);
    default:
      return { kind: 'other', what: node.type, span: at };
  }
}

/** A quoted string: literal text between interpolations; a directive (`%{ if }`) is not evaluated. */
function convertQuoted(ctx: ConvertContext, node: PlainNode, depth: number): TfExpr {
  const at = nodeSpan(ctx, node);
  const content = quotedContent(node);
  const parts: TfTemplatePart[] = [];
  let pos = content.start;
  const text = (from: number, to: number) => {
    if (to <= from) return;
    const raw = ctx.text.slice(from, to);
    const nl = raw.indexOf('\n');
    if (nl >= 0) problem(ctx, node.startIndex, from + nl, 'unterminated string (a quoted string cannot span lines)');
    const d = decodeQuoted(raw);
    parts.push(d.exact ? { kind: 'text', value: d.value, exactStart: ctx.base + from } : { kind: 'text', value: d.value });
  };
  for (const hole of node.children) {
    if (hole.type === 'template_directive') return { kind: 'other', what: 'a template directive (%{ … })', span: at };
    if (hole.type !== 'template_interpolation') continue;
    text(pos, hole.startIndex);
    parts.push(interpolation(ctx, hole, depth));
    pos = hole.endIndex;
  }
  text(pos, content.end);
  return template(parts, at);
}

/** `<<EOT` / `<<-EOT`: the lines between the markers, `<<-` removing their common indentation. */
function convertHeredoc(ctx: ConvertContext, node: PlainNode, depth: number): TfExpr {
  const at = nodeSpan(ctx, node);
  const markers = node.children.filter((c) => c.type === 'heredoc_identifier');
  const open = markers[0];
  if (!open) return { kind: 'other', what: 'a heredoc', span: at };
  const close = markers.length > 1 ? markers[markers.length - 1]! : undefined;
  const nl = ctx.text.indexOf('\n', open.endIndex);
  const start = nl < 0 || nl >= node.endIndex ? open.endIndex : nl + 1;
  const end = close ? Math.max(start, ctx.text.lastIndexOf('\n', close.startIndex - 1) + 1) : node.endIndex;
  const indent = node.children[0] && ctx.text.slice(node.children[0].startIndex, node.children[0].endIndex) === '<<-' ? commonIndent(ctx.text.slice(start, end)) : 0;
  const parts: TfTemplatePart[] = [];
  let pos = start;
  const text = (from: number, to: number) => {
    if (to <= from) return;
    const raw = stripIndent(ctx.text.slice(from, to), indent, from === start || ctx.text[from - 1] === '\n');
    const d = decodeHeredoc(raw);
    parts.push(d.exact && indent === 0 ? { kind: 'text', value: d.value, exactStart: ctx.base + from } : { kind: 'text', value: d.value });
  };
  for (const hole of node.children) {
    if (hole.startIndex < start || hole.endIndex > end) continue;
    if (hole.type === 'template_directive') return { kind: 'other', what: 'a template directive (%{ … })', span: at };
    if (hole.type !== 'template_interpolation') continue;
    text(pos, hole.startIndex);
    parts.push(interpolation(ctx, hole, depth));
    pos = hole.endIndex;
  }
  text(pos, end);
  return template(parts, at);
}

function interpolation(ctx: ConvertContext, hole: PlainNode, depth: number): TfTemplatePart {
  const e = hole.children.find((c) => c.type === 'expression');
  return { kind: 'interpolation', expr: e ? convertExpression(ctx, e, depth + 1) : { kind: 'other', what: 'an empty interpolation', span: nodeSpan(ctx, hole) } };
}

/** A template with no interpolation is a literal string (and keeps an exact offset when it has one). */
function template(parts: TfTemplatePart[], at: TfExpr['span']): TfExpr {
  if (parts.length === 0) return { kind: 'literal', value: '', span: at, exactStart: at.start + 1 };
  const only = parts[0]!;
  if (parts.length === 1 && only.kind === 'text') {
    return only.exactStart !== undefined ? { kind: 'literal', value: only.value, span: at, exactStart: only.exactStart } : { kind: 'literal', value: only.value, span: at };
  }
  return { kind: 'template', parts, span: at };
}

function convertTuple(ctx: ConvertContext, node: PlainNode, depth: number): TfExpr {
  const items = node.children.filter((c) => c.type === 'expression').map((c) => convertExpression(ctx, c, depth + 1));
  return { kind: 'tuple', items, span: nodeSpan(ctx, node) };
}

function convertObject(ctx: ConvertContext, node: PlainNode, depth: number): TfExpr {
  const items: TfObjectItem[] = [];
  for (const elem of node.children) {
    if (elem.type !== 'object_elem') continue;
    const [k, v] = elem.children.filter((c) => c.type === 'expression');
    if (!k || !v) continue;
    // A bare name as a key is the name itself, not a variable (`{ port = 80 }`).
    const keyChildren = k.children;
    const key: TfExpr =
      keyChildren.length === 1 && keyChildren[0]!.type === 'variable_expr'
        ? { kind: 'literal', value: ctx.text.slice(k.startIndex, k.endIndex), span: nodeSpan(ctx, k), exactStart: ctx.base + k.startIndex }
        : convertExpression(ctx, k, depth + 1);
    items.push({ key, value: convertExpression(ctx, v, depth + 1) });
  }
  return { kind: 'object', items, span: nodeSpan(ctx, node) };
}

function convertCall(ctx: ConvertContext, node: PlainNode, depth: number): TfExpr {
  const id = node.children[0];
  const args = node.children.find((c) => c.type === 'function_arguments');
  return {
    kind: 'call',
    name: id ? ctx.text.slice(id.startIndex, id.endIndex) : '',
    args: (args?.children ?? []).filter((c) => c.type === 'expression').map((c) => convertExpression(ctx, c, depth + 1)),
    expand: !!args?.children.some((c) => c.type === 'ellipsis'),
    span: nodeSpan(ctx, node),
  };
}

function convertOperation(ctx: ConvertContext, node: PlainNode, depth: number): TfExpr {
  const at = nodeSpan(ctx, node);
  const children = node.children.filter((c) => c.type !== 'comment');
  if (node.type === 'unary_operation' && children.length >= 2) {
    return { kind: 'unary', op: children[0]!.type, operand: convertTerm(ctx, children.slice(1), depth + 1), span: at };
  }
  if (node.type === 'binary_operation') {
    const i = children.findIndex((c, idx) => idx > 0 && BINARY_OPS.has(c.type));
    if (i > 0) {
      return { kind: 'binary', op: children[i]!.type, left: convertTerm(ctx, children.slice(0, i), depth + 1), right: convertTerm(ctx, children.slice(i + 1), depth + 1), span: at };
    }
  }
  return { kind: 'other', what: 'an operation', span: at };
}
