import type { TfEntry, TfExpr, TfStep, TfValue } from '../../model/terraform';
import type { Span } from '../../text/span';

/** Small, total helpers over evaluated Terraform values. */

export function unknown(why: string, span: Span, missing = false): TfValue {
  return missing ? { kind: 'unknown', why, span, missing } : { kind: 'unknown', why, span };
}

/** Longer explanations are cut: they are for people, and chains of locals could make them grow. */
const MAX_VIA = 400;

/** Records how a value was reached (`var.x from terraform.tfvars`), innermost step last. */
export function withVia(v: TfValue, via: string): TfValue {
  if (v.kind === 'unknown' || v.kind === 'ref') return v;
  return { ...v, via: clip(v.via ? `${via}; ${v.via}` : via) };
}

export function clip(text: string): string {
  return text.length > MAX_VIA ? `${text.slice(0, MAX_VIA - 1)}…` : text;
}

/** Marks a value as an assumption (it comes from a file Terraform does not apply by itself). */
export function withAssumed(v: TfValue, why: string): TfValue {
  if (v.kind === 'unknown' || v.kind === 'ref') return v;
  return { ...v, assumed: why };
}

/** An unknown value reports where it was used, not where it was first computed. */
export function atUse(v: TfValue, span: Span): TfValue {
  return v.kind === 'unknown' ? { ...v, span } : v;
}

export function entryOf(v: TfValue | undefined, key: string): TfEntry | undefined {
  return v?.kind === 'object' ? v.entries.find((e) => e.key === key) : undefined;
}

/** One step into a value: an object key, a list index, or an attribute of a reference. */
export function step(v: TfValue, key: string | number, span: Span): TfValue {
  switch (v.kind) {
    case 'object': {
      const e = v.entries.find((x) => x.key === String(key));
      if (!e) return unknown(`no "${key}" in the object`, span, true);
      return inherit(e.value, v);
    }
    case 'tuple': {
      const item = typeof key === 'number' || /^\d+$/.test(key) ? v.items[Number(key)] : undefined;
      return item ? inherit(item, v) : unknown(`no element ${key} in the list`, span, true);
    }
    case 'ref':
      return typeof key === 'number' ? v : { ...v, attribute: v.attribute ? `${v.attribute}.${key}` : String(key) };
    case 'unknown':
      return v;
    case 'scalar':
      return unknown(`cannot take "${key}" of ${JSON.stringify(v.value)}`, span);
  }
}

/** A part of a value keeps how its container was reached. */
function inherit(child: TfValue, parent: TfValue): TfValue {
  if (child.kind === 'unknown' || child.kind === 'ref' || parent.kind === 'unknown' || parent.kind === 'ref') return child;
  const via = child.via ?? parent.via;
  const assumed = child.assumed ?? parent.assumed;
  return { ...child, ...(via ? { via } : {}), ...(assumed ? { assumed } : {}) };
}

/** A short description of an expression for messages: `var.x`, `aws_lb.this.arn`, `lower(…)`. */
export function describe(expr: TfExpr): string {
  switch (expr.kind) {
    case 'literal':
      return JSON.stringify(expr.value);
    case 'traversal':
      return expr.root + describeSteps(expr.steps);
    case 'access':
      return describe(expr.base) + describeSteps(expr.steps);
    case 'call':
      return `${expr.name}(…)`;
    case 'template':
      return 'a string template';
    case 'object':
      return 'an object';
    case 'tuple':
      return 'a list';
    case 'conditional':
      return `a conditional on ${describe(expr.condition)}`;
    case 'unary':
    case 'binary':
      return 'an operation';
    case 'other':
      return expr.what;
  }
}

function describeSteps(steps: readonly TfStep[]): string {
  return steps
    .map((s) => (s.kind === 'attr' ? `.${s.name}` : s.kind === 'splat' ? '[*]' : s.key.kind === 'literal' ? `[${JSON.stringify(s.key.value)}]` : '[…]'))
    .join('');
}

/** Deep merge as Helm merges values files: maps merge key by key, anything else is replaced. */
export function mergeValues(base: TfValue, over: TfValue): TfValue {
  if (base.kind !== 'object' || over.kind !== 'object') return over;
  const entries = [...base.entries];
  for (const e of over.entries) {
    const i = entries.findIndex((x) => x.key === e.key);
    if (i < 0) entries.push(e);
    else {
      // A map merged into a map keeps the key where it was first written; anything else replaces it.
      const kept = entries[i]!;
      const both = kept.value.kind === 'object' && e.value.kind === 'object';
      entries[i] = { ...e, keySpan: both ? kept.keySpan : e.keySpan, value: mergeValues(kept.value, e.value) };
    }
  }
  return { ...base, entries };
}
