import type { TfValue } from '../../model/terraform';
import type { Sourced } from '../../model/sourced';
import type { Notice } from '../../model/workspace';
import type { Span } from '../../text/span';
import { ELB_PROTOCOLS } from '../../model/aws-defaults';
export { IP_ADDRESS_TYPES } from '../../model/aws-defaults';
import { elbProtocol, enumParse, sentence, unknownValueText, validValuesOf } from '../../parse/enum-values';
import { isPort, PORT_RANGE } from '../../parse/ports';

/** Where a setting is read from: a resource block or a module's map entry. */
export interface FieldSource {
  readonly file: string;
  /** Where a default goes: the resource head, or the map entry's key. */
  readonly head: Span;
  /** Set when a syntax error cut the block short, so an absent attribute may be written after it. */
  readonly brokenAt?: Span;
  readonly notices: Notice[];
  /** The evaluated attribute or entry, undefined when absent. */
  get(name: string): TfValue | undefined;
}

export type Parse<T> = (raw: string | number | boolean) => T | undefined;

export const asBool: Parse<boolean> = (raw) => (typeof raw === 'boolean' ? raw : raw === 'true' ? true : raw === 'false' ? false : undefined);
export const asNumber: Parse<number> = (raw) => (typeof raw === 'number' && Number.isFinite(raw) ? raw : typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : undefined);
export const asString: Parse<string> = (raw) => (typeof raw === 'boolean' ? undefined : String(raw));
/** An ELBv2 protocol in any case; a typo (`TPC`) is a warning that suggests the nearest. */
export const asElbProtocol = enumParse(ELB_PROTOCOLS, (raw: string | number | boolean) => (typeof raw === 'string' ? elbProtocol(raw) : undefined));

/** A port: a whole number from 1 to 65535 (AWS and Kubernetes reject anything else); its range is named in the warning. */
export const asPort: Parse<number> = Object.assign((raw: string | number | boolean) => {
  const n = asNumber(raw);
  return isPort(n) ? n : undefined;
}, { expected: PORT_RANGE });

/** What a parser with a range (not a list of values) accepts, for the warning on a value it refuses. */
function expectedOf(parse: unknown): string | undefined {
  const expected = (parse as { expected?: unknown }).expected;
  return typeof expected === 'string' ? expected : undefined;
}
export function oneOf<T extends string>(...allowed: T[]): Parse<T> {
  return enumParse(allowed, (raw: string | number | boolean) => (typeof raw === 'string' && (allowed as string[]).includes(raw) ? (raw as T) : undefined));
}

/**
 * One setting with its provenance: written (explicit, with how a variable carried it), set in a file
 * Terraform does not apply by itself (assumed), not knowable before apply (assumed: the fallback,
 * with why), or absent (the fallback, usually a documented default).
 */
export function read<T>(src: FieldSource, name: string, parse: Parse<T>, fallback: Sourced<T>): Sourced<T> {
  const v = src.get(name);
  const assume = (why: string, span: Span | undefined): Sourced<T> => ({
    value: fallback.value,
    origin: 'assumed',
    why: `${why}; assuming ${JSON.stringify(fallback.value)}${fallback.why ? ` (${fallback.why})` : ''}`,
    ...(span ? { span } : {}),
  });
  if (v === undefined) {
    return src.brokenAt ? assume(`${name} was not read: a syntax error cuts the block short`, fallback.span) : fallback;
  }
  switch (v.kind) {
    case 'unknown':
      return v.missing ? fallback : assume(`${name}: ${v.why}`, v.span);
    case 'ref':
      return assume(`${name} refers to ${v.address}${v.attribute ? `.${v.attribute}` : ''}, known only after apply`, v.span);
    case 'object':
    case 'tuple':
      src.notices.push({ file: v.span.file, level: 'warning', message: `${name} should be a single value, not ${v.kind === 'object' ? 'an object' : 'a list'}; using the default.`, span: v.span });
      return fallback;
    case 'scalar': {
      if (v.value === null) return { ...fallback, span: v.span, why: `${name} is null, so ${fallback.why ?? 'the default applies'}` };
      const parsed = parse(v.value);
      if (parsed === undefined) {
        const valid = validValuesOf(parse);
        const expected = expectedOf(parse);
        const what = valid ? sentence(`${name}: ${unknownValueText(String(v.value), valid)}`) : `${name} = ${JSON.stringify(v.value)} is not ${expected ?? 'a valid value'};`;
        src.notices.push({ file: v.span.file, level: 'warning', message: `${what} ${valid ? 'Using' : 'using'} ${JSON.stringify(fallback.value)}.`, span: v.span });
        return fallback;
      }
      if (v.assumed) return { value: parsed, origin: 'assumed', why: v.assumed, span: v.span };
      return v.via ? { value: parsed, origin: 'explicit', span: v.span, why: v.via } : { value: parsed, origin: 'explicit', span: v.span };
    }
  }
}

/** Like `read`, but undefined when the setting is absent or unknowable (optional fields such as a port). */
export function readOptional<T>(src: FieldSource, name: string, parse: Parse<T>): Sourced<T> | undefined {
  const v = src.get(name);
  if (v?.kind !== 'scalar' || v.value === null) return undefined;
  const parsed = parse(v.value);
  const expected = expectedOf(parse);
  if (parsed === undefined && expected) src.notices.push({ file: v.span.file, level: 'warning', message: `${name} = ${JSON.stringify(v.value)} is not ${expected}; it is left unknown.`, span: v.span });
  if (parsed === undefined) return undefined;
  if (v.assumed) return { value: parsed, origin: 'assumed', why: v.assumed, span: v.span };
  return v.via ? { value: parsed, origin: 'explicit', span: v.span, why: v.via } : { value: parsed, origin: 'explicit', span: v.span };
}
