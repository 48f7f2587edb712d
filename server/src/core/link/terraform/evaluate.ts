import type { TfEntry, TfExpr, TfStep, TfValue } from '../../model/terraform';
import type { Span } from '../../text/span';
import { fileFunction, pathValue, type WorkspaceTexts } from './file-functions';
import { callFunction } from './functions';
import { baseName, type ModuleScope } from './module-scope';
import { atUse, clip, describe, step, unknown, withAssumed, withVia } from './values';

export type Evaluate = (expr: TfExpr) => TfValue;

/** Deeper chains of variables and locals are given up on; real modules are far shallower. */
const MAX_DEPTH = 64;
/** Locals that double a string at each step would otherwise grow without bound. */
const MAX_STRING = 100_000;

/** Roots whose values exist only inside a resource or for expression. */
const CONTEXTUAL: Record<string, string> = {
  each: 'each.* depends on for_each',
  count: 'count.index depends on count',
  self: 'self.* is known only inside a provisioner',
  terraform: 'terraform.workspace depends on the workspace selected at run time',
};

/**
 * Evaluates expressions the way `terraform plan` would for what is knowable before apply: literals,
 * string interpolation, `var.*` (tfvars, then defaults), `local.*`, a few pure functions, conditionals
 * on known values. References to resources become `ref` values; anything else is `unknown` with why.
 */
export function makeEvaluator(scope: ModuleScope, files?: WorkspaceTexts, names?: ReadonlyMap<string, TfValue>): Evaluate {
  const vars = new Map<string, TfValue>();
  const locals = new Map<string, TfValue>();
  const active = new Set<string>();

  const evaluate = (expr: TfExpr, depth: number): TfValue => {
    if (depth > MAX_DEPTH) return unknown(`evaluation deeper than ${MAX_DEPTH} steps`, expr.span);
    const ev = (e: TfExpr) => evaluate(e, depth + 1);
    switch (expr.kind) {
      case 'literal':
        return expr.exactStart !== undefined ? { kind: 'scalar', value: expr.value, span: expr.span, exactStart: expr.exactStart } : { kind: 'scalar', value: expr.value, span: expr.span };
      case 'template':
        return interpolate(expr, ev);
      case 'object': {
        const entries: TfEntry[] = [];
        for (const item of expr.items) {
          const key = ev(item.key);
          if (key.kind !== 'scalar' || key.value === null) continue; // a key known only after apply
          entries.push({ key: String(key.value), keySpan: item.key.span, value: ev(item.value) });
        }
        return { kind: 'object', entries, span: expr.span };
      }
      case 'tuple':
        return { kind: 'tuple', items: expr.items.map(ev), span: expr.span };
      case 'traversal':
        return traverse(expr.root, expr.steps, expr.span, ev, depth);
      case 'access':
        return applySteps(ev(expr.base), expr.steps, expr.span, ev);
      case 'call':
        if (expr.name === 'file' || expr.name === 'templatefile') return fileFunction(expr, ev, scope, files, (inner) => makeEvaluator(scope, files, inner));
        return callFunction(expr, ev);
      case 'conditional': {
        const c = ev(expr.condition);
        const b = c.kind === 'scalar' ? (c.value === true || c.value === 'true' ? true : c.value === false || c.value === 'false' ? false : undefined) : undefined;
        if (b === undefined) return unknown(c.kind === 'unknown' ? `the condition is not known (${c.why})` : `the condition ${describe(expr.condition)} is not a known bool`, expr.span);
        return ev(b ? expr.then : expr.otherwise);
      }
      case 'unary':
        return unary(expr.op, ev(expr.operand), expr.span);
      case 'binary':
        return binary(expr.op, ev(expr.left), ev(expr.right), expr.span);
      case 'other':
        return unknown(`${expr.what} is not evaluated`, expr.span);
    }
  };

  const traverse = (root: string, steps: readonly TfStep[], at: Span, ev: (e: TfExpr) => TfValue, depth: number): TfValue => {
    const first = steps[0];
    const name = first?.kind === 'attr' ? first.name : undefined;
    // Inside a template, names are its variables and nothing else is in scope.
    if (names) return names.has(root) ? applySteps(atUse(names.get(root)!, at), steps, at, ev) : unknown(`${root} is not one of the variables templatefile() passes to the template`, at);
    if (root === 'var' || root === 'local') {
      if (!name) return unknown(`${root} without a name`, at);
      const v = root === 'var' ? variable(name, at, depth) : local(name, at, depth);
      return applySteps(atUse(v, at), steps.slice(1), at, ev);
    }
    if (root === 'path') return pathValue(name, scope, at);
    if (Object.hasOwn(CONTEXTUAL, root)) return unknown(CONTEXTUAL[root]!, at);
    if (root === 'data' || root === 'module') {
      const second = steps[1];
      const address = root === 'module' ? `module.${name}` : `data.${name}.${second?.kind === 'attr' ? second.name : '?'}`;
      if (!name) return unknown(`${root} without a name`, at);
      const rest = steps.slice(root === 'module' ? 1 : 2);
      return applySteps({ kind: 'ref', address, attribute: '', span: at }, rest, at, ev);
    }
    if (!name) return unknown(`${root} is not a value Terraform knows before apply`, at);
    return applySteps({ kind: 'ref', address: `${root}.${name}`, attribute: '', span: at }, steps.slice(1), at, ev);
  };

  const variable = (name: string, at: Span, depth: number): TfValue => {
    const cached = vars.get(name);
    if (cached) return cached;
    const key = `var.${name}`;
    if (active.has(key)) return unknown(`${key} refers to itself`, at);
    active.add(key);
    const input = scope.instance?.inputs.get(name);
    const set = scope.values.get(name);
    const declared = scope.variables.get(name);
    const def = declared?.node.body?.attributes.find((a) => a.name === 'default');
    const other = scope.optionalValues.get(name);
    let v: TfValue;
    if (input) v = withVia(atUse(input.value(), at), `var.${name} set by ${input.caller} in ${baseName(input.file)}`);
    else if (set) v = withVia(evaluate(set.node.value, depth + 1), `var.${name} set in ${baseName(set.file)}`);
    else if (def) v = withVia(evaluate(def.value, depth + 1), `the default of var.${name} (${baseName(declared!.file)})`);
    else if (other) {
      v = withAssumed(
        withVia(evaluate(other.node.value, depth + 1), `var.${name} set in ${baseName(other.file)}`),
        `var.${name} has no default; ${baseName(other.file)} sets it, but Terraform applies that file only with -var-file`,
      );
    } else if (declared) v = unknown(`var.${name} has no default and no value in terraform.tfvars or *.auto.tfvars`, at);
    else v = unknown(`var.${name} is not declared in this module`, at);
    active.delete(key);
    vars.set(name, v);
    return v;
  };

  const local = (name: string, at: Span, depth: number): TfValue => {
    const cached = locals.get(name);
    if (cached) return cached;
    const key = `local.${name}`;
    if (active.has(key)) return unknown(`${key} refers to itself`, at);
    const decl = scope.locals.get(name);
    if (!decl) return unknown(`local.${name} is not defined in this module`, at);
    active.add(key);
    const v = withVia(evaluate(decl.node.value, depth + 1), `local.${name} (${baseName(decl.file)})`);
    active.delete(key);
    locals.set(name, v);
    return v;
  };

  return (expr) => evaluate(expr, 0);
}

function applySteps(v: TfValue, steps: readonly TfStep[], at: Span, ev: (e: TfExpr) => TfValue): TfValue {
  let out = v;
  for (const s of steps) {
    if (s.kind === 'splat') {
      if (out.kind === 'ref') continue;
      return unknown('splat expressions ([*]) are not evaluated', at);
    }
    let key: string | number;
    if (s.kind === 'attr') key = s.name;
    else {
      const k = ev(s.key);
      if (k.kind !== 'scalar' || k.value === null || typeof k.value === 'boolean') {
        if (out.kind === 'ref') continue;
        return unknown(k.kind === 'unknown' ? k.why : `the index ${describe(s.key)} is not known`, at);
      }
      key = k.value;
    }
    out = step(out, key, at);
  }
  return out;
}

function interpolate(expr: Extract<TfExpr, { kind: 'template' }>, ev: (e: TfExpr) => TfValue): TfValue {
  // A template that is one interpolation and nothing else ("${aws_lb.x.arn}", Terraform 0.11 style)
  // is the value itself, unconverted, as Terraform evaluates it: a reference stays a reference.
  const only = expr.parts.filter((p) => p.kind !== 'text' || p.value !== '');
  const single = only.length === 1 ? only[0] : undefined;
  if (single?.kind === 'interpolation') return atUse(ev(single.expr), expr.span);
  let text = '';
  const sources: string[] = [];
  for (const part of expr.parts) {
    if (part.kind === 'text') {
      text += part.value;
      continue;
    }
    const v = ev(part.expr);
    if (v.kind === 'unknown') return unknown(v.why, expr.span);
    if (v.kind !== 'scalar' || v.value === null) return unknown(`the template interpolates ${describe(part.expr)}, which is not known before apply`, expr.span);
    text += String(v.value);
    if (text.length > MAX_STRING) return unknown(`the template makes a string longer than ${MAX_STRING} characters`, expr.span);
    sources.push(v.via ? `${describe(part.expr)} (${v.via})` : describe(part.expr));
  }
  return { kind: 'scalar', value: text, span: expr.span, via: clip(`interpolated from ${sources.join(', ')}`) };
}

function unary(op: string, v: TfValue, at: Span): TfValue {
  if (v.kind !== 'scalar') return v.kind === 'unknown' ? unknown(v.why, at) : unknown(`${op} of a non-scalar`, at);
  if (op === '!' && typeof v.value === 'boolean') return { kind: 'scalar', value: !v.value, span: at };
  if (op === '-' && typeof v.value === 'number') return { kind: 'scalar', value: -v.value, span: at };
  return unknown(`${op}${JSON.stringify(v.value)} is not a valid operation`, at);
}

function binary(op: string, a: TfValue, b: TfValue, at: Span): TfValue {
  if (a.kind === 'unknown') return unknown(a.why, at);
  if (b.kind === 'unknown') return unknown(b.why, at);
  if (a.kind !== 'scalar' || b.kind !== 'scalar') return unknown(`the operation "${op}" on values known only after apply`, at);
  const x = a.value;
  const y = b.value;
  const result = (value: string | number | boolean): TfValue => ({ kind: 'scalar', value, span: at });
  if (op === '==') return result(x === y);
  if (op === '!=') return result(x !== y);
  if ((op === '&&' || op === '||') && typeof x === 'boolean' && typeof y === 'boolean') return result(op === '&&' ? x && y : x || y);
  const n = typeof x === 'number' ? x : typeof x === 'string' && /^-?\d+(\.\d+)?$/.test(x) ? Number(x) : undefined;
  const m = typeof y === 'number' ? y : typeof y === 'string' && /^-?\d+(\.\d+)?$/.test(y) ? Number(y) : undefined;
  if (n === undefined || m === undefined) return unknown(`"${op}" needs numbers`, at);
  switch (op) {
    case '+':
      return result(n + m);
    case '-':
      return result(n - m);
    case '*':
      return result(n * m);
    case '/':
      return m === 0 ? unknown('division by zero', at) : result(n / m);
    case '%':
      return m === 0 ? unknown('division by zero', at) : result(n % m);
    case '<':
      return result(n < m);
    case '<=':
      return result(n <= m);
    case '>':
      return result(n > m);
    case '>=':
      return result(n >= m);
    default:
      return unknown(`the operator ${op}`, at);
  }
}
