import { byDefault, explicit, type Sourced } from '../../model/sourced';
import { sentence, unknownValueText, validValuesOf } from '../enum-values';
import type { Notice } from '../../model/workspace';
import type { Span } from '../../text/span';
import { ELB_PROTOCOLS } from '../../model/aws-defaults';
import { elbProtocol } from '../enum-values';
import { dottedName, lastName, rootName, tooDeep, type CallExpr, type Expr, type Prop } from './expr';
import type { CdkSyntax } from './syntax';

/** One file's reading context: its syntax, text (for quoting) and notices. */
export interface Ctx {
  readonly syntax: CdkSyntax;
  readonly language: 'typescript' | 'python';
  readonly file: string;
  readonly text: string;
  readonly notices: Notice[];
}

export interface Fallback<T> {
  readonly value: T;
  readonly why: string;
  readonly span: Span;
  readonly origin?: 'default' | 'assumed';
}

const MAX_HOPS = 6;

/** A prop's name as the file spells it: `crossZoneEnabled` in TypeScript, `cross_zone_enabled` in Python. */
export function spelled(ctx: Ctx, camelName: string): string {
  return ctx.language === 'python' ? camelName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase() : camelName;
}

/** Follows local constants (`const crossZone = true`, `self.nlb = …`) to the expression they hold. */
export function follow(ctx: Ctx, e: Expr, hops = 0): { expr: Expr; via?: string } {
  if (hops >= MAX_HOPS || (e.kind !== 'name' && e.kind !== 'member')) return { expr: e };
  const name = dottedName(e);
  if (!name || (e.kind === 'member' && !/^(this|self)\.[^.]+$/.test(name))) return { expr: e };
  const bound = ctx.syntax.binding(name, e.span.start);
  if (!bound) return { expr: e };
  return { expr: follow(ctx, bound, hops + 1).expr, via: name };
}

export function quote(ctx: Ctx, e: Expr | Span): string {
  const s = 'span' in e ? e.span : e;
  const raw = ctx.text.slice(s.start, Math.min(s.end, s.start + 200)).replace(/\s+/g, ' ').trim();
  return raw.length > 60 ? `${raw.slice(0, 57)}...` : raw;
}

/** Why a value cannot be known without running the code. */
export function reasonFor(ctx: Ctx, e: Expr): string {
  const text = quote(ctx, e);
  const root = rootName(e);
  const param = root ? ctx.syntax.parameter(root) : undefined;
  if (param === 'constructor') return `${text} comes from the constructor parameter ${root}, known only where the stack is instantiated`;
  if (param === 'function') return `${text} comes from the function parameter ${root}`;
  if (/tryGetContext|try_get_context/.test(text)) return `${text} reads CDK context at synth time`;
  if (/process\.env|os\.environ|os\.getenv/.test(text)) return `${text} reads the environment at synth time`;
  if (e.kind === 'call') return `${text} is computed when the app runs`;
  if (e.kind === 'name') return `${text} is not a constant defined in this file`;
  const deep = tooDeep(e.span);
  if (e.kind === 'other' && deep.kind === 'other' && e.text === deep.text) return `${text} is ${e.text}, deeper than Hairpin reads`;
  return `${text} is not a literal or a local constant`;
}

/** Props of a construct or method call: Python keyword arguments, or the TypeScript object at `index`. */
export interface Props {
  readonly props: readonly Prop[];
  /** Spread or opaque props objects: any key may be set by them. */
  readonly opaque: readonly Expr[];
}

export function propsOf(ctx: Ctx, call: CallExpr, index: number): Props {
  const props: Prop[] = [];
  const opaque: Expr[] = [];
  // Spreads of local object constants (`{ ...shared }`, `**common`) are merged; others stay opaque.
  const spread = (e: Expr, depth: number) => {
    const r = follow(ctx, e).expr;
    if (r.kind !== 'object' || depth > MAX_HOPS) {
      opaque.push(e);
      return;
    }
    for (const s of r.spreads) spread(s, depth + 1);
    props.push(...r.props);
  };
  for (const s of call.spreads) spread(s, 0);
  props.push(...call.kwargs);
  const arg = call.args[index];
  if (arg) spread(arg, 0);
  return { props, opaque };
}

export function prop(p: Props, key: string): Prop | undefined {
  // The last one wins, as with object literals and repeated keyword arguments.
  for (let i = p.props.length - 1; i >= 0; i--) if (p.props[i]!.key === key) return p.props[i];
  return undefined;
}

/**
 * A prop's value with its provenance: written (or a local constant's value), the fallback when not
 * written, or assumed with the reason (and an info notice) when only running the app could tell.
 */
export function sourcedProp<T>(ctx: Ctx, what: string, value: Expr | undefined, parse: (e: Expr) => T | undefined, fallback: Fallback<T>, opaque: readonly Expr[] = []): Sourced<T> {
  if (!value) {
    if (opaque.length > 0) {
      const why = `${what} may be set by ${quote(ctx, opaque[0]!)}, which Hairpin cannot see into; assuming the default (${fallback.why})`;
      return { value: fallback.value, origin: 'assumed', why, span: opaque[0]!.span };
    }
    return fallback.origin === 'assumed' ? { value: fallback.value, origin: 'assumed', why: fallback.why, span: fallback.span } : byDefault(fallback.value, fallback.why, fallback.span);
  }
  const r = follow(ctx, value);
  const v = parse(r.expr);
  if (v !== undefined) return explicit(v, value.span, r.via ? `from the local constant ${r.via}` : undefined);
  const valid = validValuesOf(parse);
  const attempt = (parse as { attempt?: (e: Expr) => string | undefined }).attempt?.(r.expr);
  if (valid && attempt !== undefined) {
    ctx.notices.push({ file: ctx.file, level: 'warning', message: `${sentence(`${what}: ${unknownValueText(attempt, valid)}`)} Using the default.`, span: value.span });
    return byDefault(fallback.value, fallback.why, value.span);
  }
  if (isLiteral(r.expr)) {
    ctx.notices.push({ file: ctx.file, level: 'warning', message: `${what}: ${quote(ctx, value)} is not a valid value; using the default.`, span: value.span });
    return byDefault(fallback.value, fallback.why, value.span);
  }
  const why = `${what}: ${reasonFor(ctx, r.expr)}. Assuming ${String(fallback.value)} (${fallback.why})`;
  ctx.notices.push({ file: ctx.file, level: 'info', message: `${why}.`, span: value.span });
  return { value: fallback.value, origin: 'assumed', why, span: value.span };
}

function isLiteral(e: Expr): boolean {
  return e.kind === 'string' || e.kind === 'number' || e.kind === 'boolean';
}

export const parseBool = (e: Expr): boolean | undefined => (e.kind === 'boolean' ? e.value : undefined);

/** `setAttribute('…', 'true')` values are strings. */
export const parseBoolString = (e: Expr): boolean | undefined => (e.kind === 'string' && /^(true|false)$/i.test(e.value.trim()) ? e.value.trim().toLowerCase() === 'true' : e.kind === 'boolean' ? e.value : undefined);

export const parsePort = (e: Expr): number | undefined => (e.kind === 'number' && Number.isInteger(e.value) && e.value >= 1 && e.value <= 65535 ? e.value : undefined);

/** What a protocol is written as: `Protocol.X`'s member name, or a string. */
const protocolText = (e: Expr): string | undefined => (e.kind === 'member' && lastName(e.object) === 'Protocol' ? e.property : e.kind === 'string' && e.value ? e.value : undefined);

/** `elbv2.Protocol.TCP`, `Protocol.TLS`, or a string; a typo (`Protocol.TPC`) is warned about with the nearest. */
export const parseProtocol = Object.assign((e: Expr): string | undefined => {
  const text = protocolText(e);
  return text === undefined ? undefined : elbProtocol(text);
}, { valid: ELB_PROTOCOLS, attempt: protocolText });

/** What a target type is written as: `TargetType.X`'s member name, or a string. */
const targetTypeText = (e: Expr): string | undefined => (e.kind === 'member' && lastName(e.object) === 'TargetType' ? e.property : e.kind === 'string' ? e.value : undefined);

/** `elbv2.TargetType.IP` -> ip; INSTANCE, ALB, LAMBDA likewise. `attempt` lets a typo (`TargetType.INSTANSE`) be warned about. */
export const parseTargetType = Object.assign(
  (e: Expr): 'instance' | 'ip' | 'alb' | 'lambda' | undefined => {
    const v = targetTypeText(e)?.toLowerCase();
    return v === 'instance' || v === 'ip' || v === 'alb' || v === 'lambda' ? v : undefined;
  },
  { valid: ['INSTANCE', 'IP', 'ALB', 'LAMBDA'], attempt: targetTypeText },
);

/** `Duration.seconds(600)`, `cdk.Duration.minutes(10)` -> seconds. */
export function parseDuration(ctx: Ctx): (e: Expr) => number | undefined {
  return (e) => {
    if (e.kind !== 'call' || e.callee.kind !== 'member' || lastName(e.callee.object) !== 'Duration' || !e.args[0]) return undefined;
    const n = follow(ctx, e.args[0]).expr;
    if (n.kind !== 'number') return undefined;
    const units = new Map([['seconds', 1], ['minutes', 60], ['hours', 3600]]);
    const unit = units.get(e.callee.property);
    return unit ? n.value * unit : undefined;
  };
}
