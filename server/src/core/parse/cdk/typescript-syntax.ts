import { span, type Span } from '../../text/span';
import type { SyntaxNode } from '../tree-sitter';
import { camel, dottedName, type Expr, type Prop, MAX_EXPR_DEPTH, tooDeep } from './expr';
import { BindingIndex, firstErrorNode, memoizedExpr, type CallSite, type CdkSyntax, type ParameterKind } from './syntax';

const ELBV2_MODULE = /^(aws-cdk-lib\/aws-elasticloadbalancingv2|@aws-cdk\/aws-elasticloadbalancingv2)$/;
const UNWRAP = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion', 'await_expression']);

/** The CDK reader's view of a TypeScript tree (tree-sitter-typescript). */
export function typescriptSyntax(file: string, root: SyntaxNode): CdkSyntax {
  const expr = memoizedExpr(file, toExpr);
  const bindings = new BindingIndex(expr);
  for (const d of root.descendantsOfType(['variable_declarator', 'assignment_expression', 'public_field_definition'])) {
    const target = d.type === 'assignment_expression' ? d.childForFieldName('left') : d.childForFieldName('name');
    const value = d.childForFieldName(d.type === 'assignment_expression' ? 'right' : 'value');
    if (!target || !value) continue;
    const name = d.type === 'public_field_definition' ? `this.${target.text}` : target.type === 'identifier' ? target.text : dottedName(expr(target));
    if (name) bindings.add(name, d.startIndex, value);
  }
  let params: Map<string, ParameterKind> | undefined;
  // Parameters matter only for the reason of a value Hairpin cannot know, so they are found on first use.
  const parameters = () => {
    if (params) return params;
    params = new Map();
    for (const p of root.descendantsOfType(['required_parameter', 'optional_parameter'])) {
      const pattern = p.childForFieldName('pattern');
      if (pattern?.type !== 'identifier') continue;
      const owner = p.parent?.parent;
      const isConstructor = owner?.type === 'method_definition' && owner.childForFieldName('name')?.text === 'constructor';
      if (!params.has(pattern.text) || isConstructor) params.set(pattern.text, isConstructor ? 'constructor' : 'function');
    }
    return params;
  };
  const errorNode = firstErrorNode(root);
  return {
    file,
    calls: (names) => {
      const out: CallSite[] = [];
      for (const node of root.descendantsOfType(['new_expression', 'call_expression'])) {
        const callee = node.childForFieldName(node.type === 'new_expression' ? 'constructor' : 'function');
        const last = callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : callee?.text;
        if (!last || !names.has(last)) continue;
        const call = expr(node);
        if (call.kind !== 'call') continue;
        const assignedTo = assignmentTarget(node, expr);
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

function assignmentTarget(node: SyntaxNode, expr: (n: SyntaxNode) => Expr): string | undefined {
  let child = node;
  let parent = node.parent;
  while (parent && UNWRAP.has(parent.type)) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return undefined;
  if (parent.type === 'variable_declarator' && parent.childForFieldName('value')?.startIndex === child.startIndex) return parent.childForFieldName('name')?.text;
  if (parent.type === 'public_field_definition') return `this.${parent.childForFieldName('name')?.text ?? ''}`;
  if (parent.type === 'assignment_expression') {
    const left = parent.childForFieldName('left');
    return left ? dottedName(expr(left)) : undefined;
  }
  return undefined;
}

/** Renamed named imports of the elbv2 module (`NetworkLoadBalancer as Nlb`): Nlb => NetworkLoadBalancer. */
function importAliases(root: SyntaxNode): Map<string, string> {
  const out = new Map<string, string>();
  for (const imp of root.descendantsOfType('import_statement')) {
    const source = imp.childForFieldName('source')?.text.slice(1, -1) ?? '';
    if (!ELBV2_MODULE.test(source)) continue;
    for (const spec of imp.descendantsOfType('import_specifier')) {
      const name = spec.childForFieldName('name')?.text;
      const alias = spec.childForFieldName('alias')?.text;
      if (name && alias) out.set(alias, name);
    }
  }
  return out;
}

export function toExpr(file: string, node: SyntaxNode, depth = 0): Expr {
  const at = span(file, node.startIndex, node.endIndex);
  if (depth > MAX_EXPR_DEPTH) return tooDeep(at);
  const named = () => node.namedChildren.filter((c) => c.type !== 'comment');
  switch (node.type) {
    case 'string':
      return { kind: 'string', value: stringContent(node), span: at };
    case 'template_string':
      return node.namedChildren.some((c) => c.type === 'template_substitution') ? other(node, at) : { kind: 'string', value: node.text.slice(1, -1), span: at };
    case 'number': {
      const n = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(n) ? { kind: 'number', value: n, span: at } : other(node, at);
    }
    case 'true':
    case 'false':
      return { kind: 'boolean', value: node.type === 'true', span: at };
    case 'identifier':
    case 'this':
    case 'shorthand_property_identifier':
    case 'property_identifier':
      return { kind: 'name', name: node.text, span: at };
    case 'member_expression': {
      const object = node.childForFieldName('object');
      const property = node.childForFieldName('property');
      return object && property ? { kind: 'member', object: toExpr(file, object, depth + 1), property: property.text, span: at } : other(node, at);
    }
    case 'new_expression':
    case 'call_expression': {
      const callee = node.childForFieldName(node.type === 'new_expression' ? 'constructor' : 'function');
      const args = node.childForFieldName('arguments');
      if (!callee) return other(node, at);
      const list = args?.type === 'arguments' ? args.namedChildren.filter((c) => c.type !== 'comment') : [];
      return { kind: 'call', callee: toExpr(file, callee, depth + 1), args: list.map((a) => toExpr(file, a, depth + 1)), kwargs: [], spreads: [], span: at };
    }
    case 'object':
      return objectExpr(file, node, at, depth);
    case 'array':
      return { kind: 'array', items: named().map((c) => toExpr(file, c, depth + 1)), span: at };
    case 'unary_expression': {
      const arg = node.childForFieldName('argument');
      const op = node.childForFieldName('operator')?.text;
      const inner = arg ? toExpr(file, arg, depth + 1) : undefined;
      if (op === '-' && inner?.kind === 'number') return { kind: 'number', value: -inner.value, span: at };
      return other(node, at);
    }
    default:
      if (UNWRAP.has(node.type)) {
        const inner = named()[0];
        return inner ? toExpr(file, inner, depth + 1) : other(node, at);
      }
      return other(node, at);
  }
}

function objectExpr(file: string, node: SyntaxNode, at: Span, depth: number): Expr {
  const props: Prop[] = [];
  const spreads: Expr[] = [];
  for (const c of node.namedChildren) {
    if (c.type === 'pair') {
      const key = c.childForFieldName('key');
      const value = c.childForFieldName('value');
      if (!key || !value) continue;
      const name = key.type === 'string' ? stringContent(key) : key.type === 'property_identifier' || key.type === 'number' ? key.text : undefined;
      if (name !== undefined) props.push({ key: camel(name), keySpan: span(file, key.startIndex, key.endIndex), value: toExpr(file, value, depth + 1) });
    } else if (c.type === 'shorthand_property_identifier') {
      props.push({ key: c.text, keySpan: span(file, c.startIndex, c.endIndex), value: { kind: 'name', name: c.text, span: span(file, c.startIndex, c.endIndex) } });
    } else if (c.type === 'spread_element') {
      const inner = c.namedChildren[0];
      spreads.push(inner ? toExpr(file, inner, depth + 1) : other(c, span(file, c.startIndex, c.endIndex)));
    }
  }
  return { kind: 'object', props, spreads, span: at };
}

function stringContent(node: SyntaxNode): string {
  const t = node.text;
  return t.length >= 2 ? t.slice(1, -1) : '';
}

function other(node: SyntaxNode, at: Span): Expr {
  return { kind: 'other', text: node.text, span: at };
}
