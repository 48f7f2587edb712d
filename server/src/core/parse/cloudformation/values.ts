import type { Node } from 'yaml';
import { sentence, unknownValueText, validValuesOf } from '../enum-values';
import { byDefault, explicit, type Sourced } from '../../model/sourced';
import type { Span } from '../../text/span';
import { asSeq, entry } from '../yaml-ast';
import { intrinsicCall, resolve, type Resolved } from './intrinsics';
import type { Resource, Template } from './template';

/** What a property falls back to when it is not written (`default`) or cannot be known (`assumed`). */
export interface Fallback<T> {
  readonly value: T;
  readonly why: string;
  readonly span: Span;
  readonly origin?: 'default' | 'assumed';
}

export function prop(resource: Resource, name: string): Node | null | undefined {
  return entry(resource.properties, name)?.value;
}

export function resolveProp(tpl: Template, resource: Resource, name: string): Resolved | undefined {
  return resolve(tpl, prop(resource, name));
}

/**
 * A property's value with its provenance: written (directly or through a parameter's Default), the
 * fallback when absent, or assumed, with the reason and an info notice, when only a deploy can tell.
 */
export function sourced<T>(tpl: Template, what: string, r: Resolved | undefined, parse: (raw: string) => T | undefined, fallback: Fallback<T>, expected: string): Sourced<T> {
  if (!r || r.kind === 'absent') return fromFallback(fallback);
  if (r.kind === 'value') {
    const v = parse(r.value);
    if (v !== undefined) return explicit(v, r.span, viaWhy(r.via));
    const valid = validValuesOf(parse);
    const message = valid ? `${sentence(`${what}: ${unknownValueText(r.value, valid)}`)} Using the default.` : `${what}: "${r.value}" is not ${expected}; using the default.`;
    tpl.notices.push({ file: tpl.file, level: 'warning', message, span: r.span });
    return byDefault(fallback.value, fallback.why, r.span);
  }
  const text = r.kind === 'ref' ? `a reference to ${r.logicalId}` : r.text;
  const reason = r.kind === 'ref' ? 'a resource, not a value' : r.reason;
  const why = `${what} is ${text}: ${reason}. Assuming ${String(fallback.value)} (${fallback.why})`;
  tpl.notices.push({ file: tpl.file, level: 'info', message: `${why}.`, span: r.span });
  return { value: fallback.value, origin: 'assumed', why, span: r.span };
}

/** Why a resolved value is what it is, when it did not stand in the property itself. */
export function viaWhy(via: string | undefined): string | undefined {
  if (!via) return undefined;
  return via.includes('parameter') ? `from ${via}; a deployment can pass another value` : `from ${via}`;
}

function fromFallback<T>(f: Fallback<T>): Sourced<T> {
  return f.origin === 'assumed' ? { value: f.value, origin: 'assumed', why: f.why, span: f.span } : byDefault(f.value, f.why, f.span);
}

/** A `[{Key, Value}]` attribute list; `unknown` is set when the list or one of its entries is decided at deploy time. */
export interface AttributeList {
  readonly values: ReadonlyMap<string, Resolved>;
  readonly unknown?: { readonly text: string; readonly reason: string; readonly span: Span };
}

export function readAttributes(tpl: Template, what: string, node: Node | null | undefined): AttributeList {
  const values = new Map<string, Resolved>();
  let unknown: AttributeList['unknown'];
  const whole = intrinsicCall(node) ? resolve(tpl, node) : undefined;
  if (whole?.kind === 'unresolved') unknown = { text: whole.text, reason: whole.reason, span: whole.span };
  for (const item of whole ? [] : (asSeq(node)?.items ?? [])) {
    const r = intrinsicCall(item as Node) ? resolve(tpl, item as Node) : undefined;
    if (r?.kind === 'absent') continue;
    if (r?.kind === 'unresolved') {
      unknown ??= { text: r.text, reason: r.reason, span: r.span };
      continue;
    }
    const key = resolve(tpl, entry(item, 'Key')?.value);
    const value = resolve(tpl, entry(item, 'Value')?.value);
    if (key?.kind === 'value' && value) values.set(key.value.trim(), value);
  }
  if (unknown) {
    tpl.notices.push({ file: tpl.file, level: 'info', message: `${what} entry ${unknown.text}: ${unknown.reason}. Attributes it may set are assumed to keep their defaults.`, span: unknown.span });
  }
  return unknown ? { values, unknown } : { values };
}

/** The fallback for an attribute: the default, or an assumption when the list may set it at deploy time. */
export function attributeFallback<T>(list: AttributeList, what: string, fallback: Fallback<T>): Fallback<T> {
  if (!list.unknown) return fallback;
  return { ...fallback, origin: 'assumed', span: list.unknown.span, why: `${what} may be set by ${list.unknown.text} (${list.unknown.reason}); assuming the default: ${fallback.why}` };
}

export function parseBoolText(raw: string): boolean | undefined {
  const v = raw.trim().toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

export function parsePort(raw: string): number | undefined {
  const v = raw.trim();
  return /^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? Number(v) : undefined;
}
