import { span, type Span } from '../../text/span';
import type { SyntaxNode } from '../tree-sitter';
import { camel, dottedName, type Expr, type Prop, MAX_EXPR_DEPTH, tooDeep } from './expr';
import { BindingIndex, firstErrorNode, memoizedExpr, type CallSite, type CdkSyntax, type ParameterKind } from './syntax';

const ELBV2_MODULE = 'aws_cdk.aws_elasticloadbalancingv2';
const PARAMETER_TYPES = new Set(['identifier', 'typed_parameter', 'default_parameter', 'typed_default_parameter']);

/** The CDK reader's view of a Python tree (tree-sitter-python). Keyword arguments become camelCase props. */
export function pythonSyntax(file: string, root: SyntaxNode): CdkSyntax {
  const expr = memoizedExpr(file, toExpr);
  const bindings = new BindingIndex(expr);
  for (const a of root.descendantsOfType('assignment')) {
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    const name = left ? dottedName(expr(left)) : undefined;
    if (name && right) bindings.add(name, a.startIndex, right);
  }
  let params: Map<string, ParameterKind> | undefined;
  // Parameters matter only for the reason of a value Hairpin cannot know, so they are found on first use.
  const parameters = () => {
    if (params) return params;
    params = new Map();
    for (const list of root.descendantsOfType(['parameters', 'lambda_parameters'])) {
      const isConstructor = list.parent?.type === 'function_definition' && list.parent.childForFieldName('name')?.text === '__init__';
      for (const p of list.namedChildren) {
        if (!PARAMETER_TYPES.has(p.type)) continue;
        const name = p.type === 'identifier' ? p.text : (p.childForFieldName('name') ?? p.namedChildren.find((c) => c.type === 'identifier'))?.text;
        if (name && name !== 'self' && (!params.has(name) || isConstructor)) params.set(name, isConstructor ? 'constructor' : 'function');
      }
    }
    return params;
  };
  const errorNode = firstErrorNode(root);
  return {
    file,
    calls: (names) => {
      const out: CallSite[] = [];
      for (const node of root.descendantsOfType('call')) {
        const callee = node.childForFieldName('function');
        const last = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
        if (!last || !(names.has(last) || names.has(camel(last)))) continue;
        const call = expr(node);
        if (call.kind !== 'call') continue;
        const parent = node.parent;
        const left = parent?.type === 'assignment' && parent.childForFieldName('right')?.startIndex === node.startIndex ? parent.childForFieldName('left') : null;
        const assignedTo = left ? dottedName(expr(left)) : undefined;
        out.push(assignedTo ? { call, assignedTo } : { call });
      }
      return out;
    },
    binding: (name, before) => bindings.find(name, before),
    parameter: (name) => parameters().get(name),
    classAliases: importAliases(root),
    ...(errorNode ? { firstError: span(file, errorNode.startIndex, Math.max(errorNode.endIndex, errorNode.startIndex)) } : {}),
  };
}

/** `from aws_cdk.aws_elasticloadbalancingv2 import NetworkLoadBalancer as Nlb` -> Nlb => NetworkLoadBalancer. */
function importAliases(root: SyntaxNode): Map<string, string> {
  const out = new Map<string, string>();
  for (const imp of root.descendantsOfType('import_from_statement')) {
    if (imp.childForFieldName('module_name')?.text.replace(/\s/g, '') !== ELBV2_MODULE) continue;
    for (const a of imp.childrenForFieldName('name')) {
      const name = a.type === 'aliased_import' ? a.childForFieldName('name')?.text : undefined;
      const alias = a.type === 'aliased_import' ? a.childForFieldName('alias')?.text : undefined;
      if (name && alias) out.set(alias, name);
    }
  }
  return out;
}

export function toExpr(file: string, node: SyntaxNode, depth = 0): Expr {
  const at = span(file, node.startIndex, node.endIndex);
  if (depth > MAX_EXPR_DEPTH) return tooDeep(at);
  switch (node.type) {
    case 'string': {
      if (node.namedChildren.some((c) => c.type === 'interpolation')) return other(node, at);
      return { kind: 'string', value: node.namedChildren.filter((c) => c.type === 'string_content').map((c) => c.text).join(''), span: at };
    }
    case 'integer':
    case 'float': {
      const n = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(n) ? { kind: 'number', value: n, span: at } : other(node, at);
    }
    case 'true':
    case 'false':
      return { kind: 'boolean', value: node.type === 'true', span: at };
    case 'identifier':
      return { kind: 'name', name: node.text, span: at };
    case 'attribute': {
      const object = node.childForFieldName('object');
      const attribute = node.childForFieldName('attribute');
      return object && attribute ? { kind: 'member', object: toExpr(file, object, depth + 1), property: attribute.text, span: at } : other(node, at);
    }
    case 'call':
      return callExpr(file, node, at, depth);
    case 'list':
    case 'tuple':
      return { kind: 'array', items: node.namedChildren.filter((c) => c.type !== 'comment').map((c) => toExpr(file, c, depth + 1)), span: at };
    case 'dictionary':
      return dictExpr(file, node, at, depth);
    case 'unary_operator': {
      const arg = node.childForFieldName('argument');
      const inner = arg ? toExpr(file, arg, depth + 1) : undefined;
      if (node.childForFieldName('operator')?.text === '-' && inner?.kind === 'number') return { kind: 'number', value: -inner.value, span: at };
      return other(node, at);
    }
    case 'parenthesized_expression': {
      const inner = node.namedChildren.find((c) => c.type !== 'comment');
      return inner ? toExpr(file, inner, depth + 1) : other(node, at);
    }
    default:
      return other(node, at);
  }
}

function callExpr(file: string, node: SyntaxNode, at: Span, depth: number): Expr {
  const callee = node.childForFieldName('function');
  const argList = node.childForFieldName('arguments');
  if (!callee) return other(node, at);
  const args: Expr[] = [];
  const kwargs: Prop[] = [];
  const spreads: Expr[] = [];
  for (const a of argList?.type === 'argument_list' ? argList.namedChildren : []) {
    if (a.type === 'keyword_argument') {
      const name = a.childForFieldName('name');
      const value = a.childForFieldName('value');
      if (name && value) kwargs.push({ key: camel(name.text), keySpan: span(file, name.startIndex, name.endIndex), value: toExpr(file, value, depth + 1) });
    } else if (a.type === 'dictionary_splat') {
      spreads.push(a.namedChildren[0] ? toExpr(file, a.namedChildren[0], depth + 1) : other(a, span(file, a.startIndex, a.endIndex)));
    } else if (a.type !== 'comment') {
      args.push(toExpr(file, a, depth + 1));
    }
  }
  return { kind: 'call', callee: toExpr(file, callee, depth + 1), args, kwargs, spreads, span: at };
}

function dictExpr(file: string, node: SyntaxNode, at: Span, depth: number): Expr {
  const props: Prop[] = [];
  const spreads: Expr[] = [];
  for (const c of node.namedChildren) {
    if (c.type === 'pair') {
      const key = c.childForFieldName('key');
      const value = c.childForFieldName('value');
      const k = key ? toExpr(file, key, depth + 1) : undefined;
      if (key && value && k?.kind === 'string') props.push({ key: camel(k.value), keySpan: k.span, value: toExpr(file, value, depth + 1) });
    } else if (c.type === 'dictionary_splat') {
      spreads.push(c.namedChildren[0] ? toExpr(file, c.namedChildren[0], depth + 1) : other(c, span(file, c.startIndex, c.endIndex)));
    }
  }
  return { kind: 'object', props, spreads, span: at };
}

function other(node: SyntaxNode, at: Span): Expr {
  return { kind: 'other', text: node.text, span: at };
}
