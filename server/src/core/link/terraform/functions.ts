import type { TfEntry, TfExpr, TfValue } from '../../model/terraform';
import { unknown } from './values';

type Call = Extract<TfExpr, { kind: 'call' }>;
/** Locals that double a list at each step would otherwise grow without bound. */
const MAX_ITEMS = 10_000;

/**
 * The few pure Terraform functions that decide values in real load balancer modules. Any other
 * function gives an unknown value that says so; nothing is guessed.
 */
export function callFunction(call: Call, ev: (e: TfExpr) => TfValue): TfValue {
  const at = call.span;
  if (call.expand) return unknown(`${call.name}(…) with expanded arguments is not evaluated`, at);
  const scalarArg = (i: number): TfValue => {
    const a = call.args[i];
    return a ? ev(a) : unknown(`${call.name}() is missing an argument`, at);
  };
  const scalar = (value: string | number | boolean | null, from: TfValue): TfValue => ({
    kind: 'scalar',
    value,
    span: at,
    ...(from.kind === 'scalar' && from.via ? { via: from.via } : {}),
    ...(from.kind === 'scalar' && from.assumed ? { assumed: from.assumed } : {}),
  });
  switch (call.name) {
    case 'tostring':
    case 'tonumber':
    case 'tobool':
    case 'lower':
    case 'upper': {
      const v = scalarArg(0);
      if (v.kind !== 'scalar') return v.kind === 'unknown' ? unknown(v.why, at) : unknown(`${call.name}() of a value known only after apply`, at);
      const converted = convert(call.name, v.value);
      return converted === undefined ? unknown(`${call.name}(${JSON.stringify(v.value)}) is not valid`, at) : scalar(converted, v);
    }
    case 'tolist':
    case 'toset':
    case 'tomap':
      return scalarArg(0);
    case 'yamlencode':
    case 'jsonencode': {
      // Kept as the object it encodes (see TfValue's `encoded`); anything else is a string Hairpin does not build.
      const v = scalarArg(0);
      if (v.kind === 'object' || v.kind === 'tuple') return { ...v, encoded: call.name === 'yamlencode' ? 'yaml' : 'json' };
      return v.kind === 'unknown' ? unknown(v.why, at) : unknown(`${call.name}() of a value that is not an object or list is not evaluated`, at);
    }
    case 'one': {
      // one(list): its only element, null for an empty list; over a reference (a splat of a
      // counted resource) the reference itself.
      const v = scalarArg(0);
      if (v.kind === 'ref' || v.kind === 'unknown') return v;
      if (v.kind !== 'tuple') return unknown('one() of a value that is not a list', at);
      if (v.items.length > 1) return unknown(`one() of a list of ${v.items.length} elements`, at);
      return v.items[0] ?? { kind: 'scalar', value: null, span: at };
    }
    case 'element': {
      // element(list, index), wrapping around as Terraform does; over a reference, the reference.
      const list = scalarArg(0);
      const index = scalarArg(1);
      if (list.kind === 'ref' || list.kind === 'unknown') return list;
      if (list.kind !== 'tuple') return unknown('element() of a value that is not a list', at);
      const i = index.kind === 'scalar' ? Number(index.value) : NaN;
      if (!Number.isInteger(i) || i < 0) return index.kind === 'unknown' ? unknown(index.why, at) : unknown('element(): the index is not a known whole number', at);
      if (list.items.length === 0) return unknown('element() of an empty list', at);
      return list.items[i % list.items.length]!;
    }
    case 'lookup': {
      const m = scalarArg(0);
      const k = scalarArg(1);
      if (m.kind === 'unknown') return unknown(m.why, at);
      if (k.kind !== 'scalar' || m.kind !== 'object') return unknown('lookup() on values known only after apply', at);
      const found = m.entries.find((e) => e.key === String(k.value));
      if (found) return found.value;
      return call.args[2] ? ev(call.args[2]) : unknown(`lookup(): no "${String(k.value)}" and no default`, at);
    }
    case 'merge': {
      const entries: TfEntry[] = [];
      for (const a of call.args) {
        const v = ev(a);
        if (v.kind === 'unknown') return unknown(v.why, at);
        if (v.kind === 'scalar' && v.value === null) continue;
        if (v.kind !== 'object') return unknown('merge() of values known only after apply', at);
        for (const e of v.entries) {
          const i = entries.findIndex((x) => x.key === e.key);
          if (i >= 0) entries[i] = e;
          else entries.push(e);
        }
      }
      return { kind: 'object', entries, span: at };
    }
    case 'concat': {
      const items: TfValue[] = [];
      for (const a of call.args) {
        const v = ev(a);
        if (v.kind !== 'tuple') return v.kind === 'unknown' ? unknown(v.why, at) : unknown('concat() of values known only after apply', at);
        if (items.length + v.items.length > MAX_ITEMS) return unknown(`concat() makes a list longer than ${MAX_ITEMS} items`, at);
        for (const item of v.items) items.push(item);
      }
      return { kind: 'tuple', items, span: at };
    }
    case 'try':
      // The first argument that evaluates without error; a missing key is such an error.
      for (const a of call.args) {
        const v = ev(a);
        if (v.kind === 'unknown' && v.missing) continue;
        return v;
      }
      return unknown('try(): no argument evaluates', at);
    case 'coalesce':
      for (const a of call.args) {
        const v = ev(a);
        if (v.kind === 'unknown') return unknown(v.why, at);
        if (v.kind === 'scalar' && (v.value === null || v.value === '')) continue;
        return v;
      }
      return unknown('coalesce(): every argument is null or empty', at);
    default:
      return unknown(`the function ${call.name}() is not evaluated`, at);
  }
}

function convert(name: string, v: string | number | boolean | null): string | number | boolean | null | undefined {
  if (v === null) return null;
  switch (name) {
    case 'tostring':
      return String(v);
    case 'tonumber':
      return typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : undefined;
    case 'tobool':
      return typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined;
    case 'lower':
      return typeof v === 'string' ? v.toLowerCase() : undefined;
    case 'upper':
      return typeof v === 'string' ? v.toUpperCase() : undefined;
    default:
      return undefined;
  }
}
