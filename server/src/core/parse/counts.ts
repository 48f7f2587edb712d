import { isScalar } from 'yaml';
import { explicit, type Sourced } from '../model/sourced';
import type { Notice } from '../model/workspace';
import { describeValue, type Entry, nodeSpan, scalarNumber, writtenText } from './yaml-ast';

/**
 * Counts written in files (replicas, node groups' desired sizes): whole numbers from 0 to 2^53 - 1,
 * so that sums and exact fractions over them stay exact. Anything else is a warning on the value,
 * in every format, with the value Hairpin uses instead.
 */
export const MAX_COUNT = Number.MAX_SAFE_INTEGER;

/**
 * A written count, checked: a negative, fractional or non-finite number gives a warning and the
 * fallback; one above MAX_COUNT gives a warning and MAX_COUNT. A value that is not written (a
 * default, an assumption) is returned as it is.
 */
export function checkedCount(value: Sourced<number>, what: string, unit: string, notices: Notice[], fallback: Sourced<number>, written = String(value.value)): Sourced<number> {
  if (value.origin !== 'explicit' && value.origin !== 'assumed') return value;
  const n = value.value;
  if (Number.isInteger(n) && n >= 0 && n <= MAX_COUNT) return value;
  const warn = (message: string) => {
    if (value.span) notices.push({ file: value.span.file, level: 'warning', message, span: value.span });
  };
  if (Number.isInteger(n) && n > MAX_COUNT) {
    warn(`${what}: ${written} ${unit} is more than Hairpin counts exactly; using the cap, ${MAX_COUNT}.`);
    return { ...value, value: MAX_COUNT, why: `${written} written, capped at ${MAX_COUNT}` };
  }
  warn(`${what}: ${written} is not a whole number of ${unit} (0 or more); using ${fallback.value}${fallback.why ? ` (${fallback.why})` : ''}.`);
  return fallback;
}

/**
 * A count written in YAML (`spec.replicas`, a chart's `replicaCount`): absent or null gives the
 * fallback silently; a value that is not a number (`lots`, `[1]`, `.nan`) warns and gives the fallback;
 * a number is checked by checkedCount.
 */
export function yamlCount(e: Entry | undefined, file: string, what: string, unit: string, notices: Notice[], fallback: Sourced<number>): Sourced<number> {
  const node = e?.value;
  if (!node || (isScalar(node) && node.value === null)) return fallback;
  const at = nodeSpan(file, node as never);
  const n = scalarNumber(node);
  const source = writtenText(node);
  if (n === undefined) {
    const shown = isScalar(node) && node.type !== 'PLAIN' ? JSON.stringify(source) : describeValue(node);
    if (at) notices.push({ file: at.file, level: 'warning', message: `${what}: ${shown} is not a whole number of ${unit} (0 or more); using ${fallback.value}${fallback.why ? ` (${fallback.why})` : ''}.`, span: at });
    return fallback;
  }
  return checkedCount(explicit(n, at), what, unit, notices, fallback, source);
}
