import { ELB_PROTOCOLS } from '../model/aws-defaults';

/**
 * Unknown values of a setting with a fixed set of values (`nlb-target-type: instanse`): every format
 * warns the same way, on the value, with the valid values and the nearest one.
 */

/** The valid value closest to `value` (case-insensitive edit distance), when it is close enough to be a typo. */
export function nearestValue(value: string, valid: readonly string[]): string | undefined {
  const v = value.trim().toLowerCase();
  if (v === '' || v.length > 64) return undefined;
  // A value cut short (`internet` for `internet-facing`) is the clearest typo of all.
  const prefixed = v.length >= 3 ? valid.filter((c) => c.toLowerCase().startsWith(v)) : [];
  if (prefixed.length === 1) return prefixed[0];
  let best: { value: string; distance: number } | undefined;
  for (const candidate of valid) {
    const d = editDistance(v, candidate.toLowerCase());
    if (!best || d < best.distance) best = { value: candidate, distance: d };
  }
  if (!best) return undefined;
  const allowed = Math.max(1, Math.min(3, Math.floor(Math.max(v.length, best.value.length) / 3)));
  return best.distance <= allowed ? best.value : undefined;
}

/** `"instanse" is not one of instance, ip; did you mean "instance"?` */
export function unknownValueText(value: string, valid: readonly string[]): string {
  const near = nearestValue(value, valid);
  return `${JSON.stringify(value)} is not one of ${valid.join(', ')}${near !== undefined ? `; did you mean ${JSON.stringify(near)}?` : ''}`;
}

/** Ends a clause as a sentence: a question keeps its mark. */
export function sentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

/** A parser that also knows its valid values, so a reader can warn with them. */
export type EnumParse<A, T> = ((raw: A) => T | undefined) & { readonly valid: readonly string[] };

export function enumParse<A, T>(valid: readonly string[], parse: (raw: A) => T | undefined): EnumParse<A, T> {
  return Object.assign((raw: A) => parse(raw), { valid });
}

/** The valid values a parser carries, if it is an enum parser. */
export function validValuesOf(parse: unknown): readonly string[] | undefined {
  const valid = (parse as { valid?: unknown }).valid;
  return Array.isArray(valid) ? (valid as string[]) : undefined;
}

/** An ELBv2 protocol, in any case (`tcp`), as AWS spells it; `TPC` is not one. */
export const elbProtocol: EnumParse<string, string> = enumParse(ELB_PROTOCOLS, (v: string) => {
  const upper = v.trim().toUpperCase();
  return ELB_PROTOCOLS.includes(upper) ? upper : undefined;
});

/** Edit distance where swapping two neighbours counts one edit (`TPC` for `TCP`), as typing slips do (optimal string alignment). */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, before[j - 2]! + 1);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
}
