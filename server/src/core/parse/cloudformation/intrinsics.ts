import { isMap, isScalar, type Node } from 'yaml';
import { span, type Span } from '../../text/span';
import { asSeq, entries, entry, scalarNumber, scalarText } from '../yaml-ast';
import { excerpt, fullSpan, type Template } from './template';

/**
 * What a property's value is, as far as the template alone can tell. Short tags (`!Ref X`) and long
 * form (`{"Ref": "X"}`) resolve the same way; parameters resolve to their Default; anything decided at
 * deploy time stays unresolved, with the reason.
 */
export type Resolved =
  | { readonly kind: 'value'; readonly value: string; readonly span: Span; readonly via?: string }
  | { readonly kind: 'ref'; readonly logicalId: string; readonly span: Span }
  | { readonly kind: 'absent'; readonly span: Span }
  | { readonly kind: 'unresolved'; readonly reason: string; readonly text: string; readonly span: Span };

interface Call {
  readonly fn: string;
  readonly arg: Node | null;
}

const MAX_DEPTH = 8;

/** `!Name` tags and single-key `Ref` / `Fn::*` mappings; undefined for plain values. */
export function intrinsicCall(node: Node | null | undefined): Call | undefined {
  if (!node) return undefined;
  if (typeof node.tag === 'string' && node.tag.startsWith('!') && !node.tag.startsWith('!!')) {
    const name = node.tag.slice(1);
    return { fn: name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`, arg: node };
  }
  if (isMap(node) && node.items.length === 1) {
    const e = entries(node)[0];
    if (e && (e.key === 'Ref' || e.key.startsWith('Fn::'))) return { fn: e.key, arg: e.value };
  }
  return undefined;
}

export function resolve(tpl: Template, node: Node | null | undefined, depth = 0): Resolved | undefined {
  if (node === null || node === undefined) return undefined;
  const at = fullSpan(tpl, node) ?? span(tpl.file, 0, 0);
  const call = intrinsicCall(node);
  if (!call) {
    const text = scalarText(node);
    return text !== undefined ? { kind: 'value', value: text, span: at } : unresolved(tpl, at, 'a list or mapping stands where a single value belongs');
  }
  if (depth > MAX_DEPTH) return unresolved(tpl, at, 'intrinsic functions are nested too deeply');
  switch (call.fn) {
    case 'Ref':
      return resolveRef(tpl, scalarText(call.arg)?.trim(), at, depth);
    case 'Fn::GetAtt':
      return resolveGetAtt(tpl, call.arg, at);
    case 'Fn::Sub':
      return resolveSub(tpl, call.arg, at, depth);
    case 'Fn::Join':
      return resolveJoin(tpl, call.arg, at, depth);
    case 'Fn::Select':
      return resolveSelect(tpl, call.arg, at, depth);
    case 'Fn::If':
      return resolveIf(tpl, call.arg, at, depth);
    case 'Fn::FindInMap':
      return resolveFindInMap(tpl, call.arg, at, depth);
    case 'Fn::ImportValue':
      return unresolved(tpl, at, "Fn::ImportValue reads another stack's export at deploy time");
    default:
      return unresolved(tpl, at, `${call.fn} is evaluated at deploy time`);
  }
}

function unresolved(tpl: Template, at: Span, reason: string): Resolved {
  return { kind: 'unresolved', reason, text: excerpt(tpl, at), span: at };
}

function resolveRef(tpl: Template, name: string | undefined, at: Span, depth: number): Resolved {
  if (!name) return unresolved(tpl, at, 'Ref names nothing');
  if (name === 'AWS::NoValue') return { kind: 'absent', span: at };
  if (name.startsWith('AWS::')) return unresolved(tpl, at, `the pseudo parameter ${name} is known only at deploy time`);
  const param = tpl.parameters.get(name);
  if (param) {
    if (param.defaultNode === undefined) return unresolved(tpl, at, `parameter ${name} has no Default, so its value is chosen at deploy time`);
    const d = resolve(tpl, param.defaultNode, depth + 1);
    if (d?.kind === 'value') return { kind: 'value', value: d.value, span: at, via: `parameter ${name}'s Default` };
    return unresolved(tpl, at, `parameter ${name}'s Default is not a plain value`);
  }
  if (tpl.resources.has(name)) return { kind: 'ref', logicalId: name, span: at };
  return unresolved(tpl, at, `Ref ${name} names no parameter or resource in this template`);
}

function resolveGetAtt(tpl: Template, arg: Node | null, at: Span): Resolved {
  const seq = asSeq(arg);
  const first = seq ? scalarText(seq.items[0]) : scalarText(arg)?.split('.')[0];
  if (first && tpl.resources.has(first.trim())) return { kind: 'ref', logicalId: first.trim(), span: at };
  return unresolved(tpl, at, `Fn::GetAtt of ${first ?? 'nothing'}, which is not a resource in this template`);
}

function resolveSub(tpl: Template, arg: Node | null, at: Span, depth: number): Resolved {
  const seq = asSeq(arg);
  const pattern = seq ? scalarText(seq.items[0]) : scalarText(arg);
  const vars = seq ? seq.items[1] : undefined;
  if (pattern === undefined) return unresolved(tpl, at, 'Fn::Sub without a string');
  let failure: string | undefined;
  let via: string | undefined;
  const out = pattern.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    const own = entry(vars, name);
    const r = own ? resolve(tpl, own.value, depth + 1) : resolveRef(tpl, name, at, depth + 1);
    if (r?.kind === 'value') {
      via ??= r.via;
      return r.value;
    }
    failure ??= r?.kind === 'unresolved' ? r.reason : `\${${name}} is known only at deploy time`;
    return whole;
  });
  if (failure) return unresolved(tpl, at, `Fn::Sub: ${failure}`);
  return via ? { kind: 'value', value: out, span: at, via } : { kind: 'value', value: out, span: at };
}

function resolveJoin(tpl: Template, arg: Node | null, at: Span, depth: number): Resolved {
  const seq = asSeq(arg);
  const sep = scalarText(seq?.items[0]);
  const list = asSeq(seq?.items[1]);
  if (sep === undefined || !list) return unresolved(tpl, at, 'Fn::Join of a list known only at deploy time');
  const parts: string[] = [];
  for (const item of list.items) {
    const r = resolve(tpl, item as Node, depth + 1);
    if (r?.kind !== 'value') return unresolved(tpl, at, `Fn::Join: ${r?.kind === 'unresolved' ? r.reason : 'a part is not a value'}`);
    parts.push(r.value);
  }
  return { kind: 'value', value: parts.join(sep), span: at };
}

function resolveSelect(tpl: Template, arg: Node | null, at: Span, depth: number): Resolved {
  const seq = asSeq(arg);
  const index = scalarNumber(seq?.items[0]);
  const list = asSeq(seq?.items[1]);
  const item = index !== undefined ? list?.items[index] : undefined;
  const r = item !== undefined ? resolve(tpl, item as Node, depth + 1) : undefined;
  if (r?.kind === 'value') return { ...r, span: at };
  return unresolved(tpl, at, 'Fn::Select from a list known only at deploy time');
}

function resolveIf(tpl: Template, arg: Node | null, at: Span, depth: number): Resolved {
  const seq = asSeq(arg);
  const condition = scalarText(seq?.items[0]) ?? '?';
  const a = resolve(tpl, seq?.items[1] as Node | undefined, depth + 1);
  const b = resolve(tpl, seq?.items[2] as Node | undefined, depth + 1);
  if (a?.kind === 'value' && b?.kind === 'value' && a.value === b.value) return { kind: 'value', value: a.value, span: at, via: 'both branches of Fn::If' };
  return unresolved(tpl, at, `Fn::If on condition ${condition}, which Hairpin does not evaluate`);
}

function resolveFindInMap(tpl: Template, arg: Node | null, at: Span, depth: number): Resolved {
  const keys = (asSeq(arg)?.items ?? []).slice(0, 3).map((k) => resolve(tpl, k as Node, depth + 1));
  if (keys.length !== 3 || keys.some((k) => k?.kind !== 'value')) return unresolved(tpl, at, 'Fn::FindInMap with keys known only at deploy time');
  const [map, top, second] = keys.map((k) => (k as { value: string }).value) as [string, string, string];
  const value = entry(entry(entry(tpl.mappings, map)?.value, top)?.value, second)?.value;
  const r = isScalar(value) ? resolve(tpl, value, depth + 1) : undefined;
  const keyVia = keys.map((k) => (k as { via?: string }).via).find((v) => v);
  if (r?.kind === 'value') return { kind: 'value', value: r.value, span: at, via: `Mappings ${map}.${top}.${second}${keyVia ? ` (key from ${keyVia})` : ''}` };
  return unresolved(tpl, at, `Fn::FindInMap: Mappings has no value at ${map}.${top}.${second}`);
}
