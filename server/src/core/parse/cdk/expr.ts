import type { Span } from '../../text/span';

/**
 * The few expression shapes the CDK reader understands, the same for TypeScript and Python.
 * Anything else is `other`, kept with its source text so reasons can quote it.
 */
export type Expr =
  | { readonly kind: 'string'; readonly value: string; readonly span: Span }
  | { readonly kind: 'number'; readonly value: number; readonly span: Span }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly span: Span }
  /** An identifier, `this` or `self`. */
  | { readonly kind: 'name'; readonly name: string; readonly span: Span }
  | { readonly kind: 'member'; readonly object: Expr; readonly property: string; readonly span: Span }
  | CallExpr
  | ObjectExpr
  | { readonly kind: 'array'; readonly items: readonly Expr[]; readonly span: Span }
  | { readonly kind: 'other'; readonly text: string; readonly span: Span };

export interface CallExpr {
  readonly kind: 'call';
  readonly callee: Expr;
  readonly args: readonly Expr[];
  /** Python keyword arguments, keys turned to camelCase (`cross_zone_enabled` -> `crossZoneEnabled`). */
  readonly kwargs: readonly Prop[];
  /** `**kwargs` in Python: any keyword may be set by it. */
  readonly spreads: readonly Expr[];
  readonly span: Span;
}

export interface ObjectExpr {
  readonly kind: 'object';
  readonly props: readonly Prop[];
  /** `...props` in TypeScript, `**props` in a Python dict: any key may be set by it. */
  readonly spreads: readonly Expr[];
  readonly span: Span;
}

export interface Prop {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: Expr;
}

/** `cross_zone_enabled` -> `crossZoneEnabled`, `proxy_protocol_v2` -> `proxyProtocolV2`; camelCase stays. */
export function camel(name: string): string {
  return name.replace(/_+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The last name of a callee: `NetworkLoadBalancer` for `elbv2.NetworkLoadBalancer`, `addListener` for `nlb.addListener`. */
export function lastName(e: Expr): string | undefined {
  if (e.kind === 'name') return e.name;
  if (e.kind === 'member') return e.property;
  return undefined;
}

/** `this.nlb`, `self.props.x`, `nlb`: a dotted path of names, or undefined for anything else. */
export function dottedName(e: Expr): string | undefined {
  if (e.kind === 'name') return e.name;
  if (e.kind === 'member') {
    const base = dottedName(e.object);
    return base === undefined ? undefined : `${base}.${e.property}`;
  }
  return undefined;
}

/** The leftmost name of a member chain (`props` for `props.crossZone`). */
export function rootName(e: Expr): string | undefined {
  if (e.kind === 'name') return e.name;
  if (e.kind === 'member') return rootName(e.object);
  if (e.kind === 'call') return rootName(e.callee);
  return undefined;
}

export function stringValue(e: Expr | undefined): string | undefined {
  return e?.kind === 'string' ? e.value : undefined;
}

/**
 * How deep the CDK readers follow an expression (`((((x))))`, arrays in arrays): deeper than this,
 * the expression is one value Hairpin cannot read, which the notice about that setting says, so a
 * file nested thousands of levels deep costs its one setting, never the stack.
 */
export const MAX_EXPR_DEPTH = 256;

export function tooDeep(at: Span): Expr {
  return { kind: 'other', text: `an expression nested more than ${MAX_EXPR_DEPTH} levels deep`, span: at };
}
