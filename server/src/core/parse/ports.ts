import { explicit, type Sourced } from '../model/sourced';
import type { Notice } from '../model/workspace';
import { describeValue, type Entry, nodeSpan, scalarNumber } from './yaml-ast';

/** What every format says a port must be: Kubernetes and AWS reject anything else. */
export const PORT_RANGE = 'a port number from 1 to 65535';

export function isPort(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
}

/**
 * A port written in YAML (`port`, `nodePort`, a numeric `targetPort`): absent or null is undefined;
 * anything but a whole number from 1 to 65535 (`99999999999`, `-1`, `0`, `.inf`, `abc`) is a warning
 * on the value, saying what `consequence` follows, and undefined.
 */
export function yamlPort(e: Entry | undefined, file: string, what: string, consequence: string, notices: Notice[]): Sourced<number> | undefined {
  const node = e?.value;
  if (!node || (node as { value?: unknown }).value === null) return undefined;
  const n = scalarNumber(node);
  const at = nodeSpan(file, node as never);
  if (isPort(n)) return explicit(n, at);
  if (at) notices.push({ file: at.file, level: 'warning', message: `${what}: ${describeValue(node)} is not ${PORT_RANGE}; ${consequence}.`, span: at });
  return undefined;
}
