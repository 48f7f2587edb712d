import type { Scenario } from './scenario';

/** JSON of objects a scenario shares with its what-ifs and with other NLBs of one cluster (zones, endpoints). */
const partJson = new WeakMap<object, string>();

/**
 * `JSON.stringify(s)` without the keys in `omit`, byte for byte, made cheaply: the objects a scenario
 * holds (zones, endpoints, idle timeouts, target nodes) are serialised once per object, not once per key.
 * A frontend's scenario and its what-ifs share those objects (what-ifs copy the scenario and change
 * settings), and memo keys are made for every client of every one of them. Scenarios are never mutated,
 * so an object's JSON cannot go stale.
 */
export function scenarioJson(s: Scenario, omit?: ReadonlySet<string>): string {
  // Joined once, not appended piece by piece: a key kept in a memo is one flat string, not a tree of
  // dozens of small strings that the garbage collector then walks and copies.
  const parts: string[] = [];
  for (const k of Object.keys(s)) {
    if (omit?.has(k)) continue;
    const v = (s as unknown as Record<string, unknown>)[k];
    if (v === undefined || typeof v === 'function') continue;
    parts.push(keyJson(k, parts.length === 0), typeof v === 'object' && v !== null ? objectJson(v) : JSON.stringify(v));
  }
  if (parts.length === 0) return '{}';
  parts.push('}');
  return parts.join('');
}

/** `{"k":` (the first key) and `,"k":` (the others), made once per key name. */
const keyParts = new Map<string, readonly [first: string, next: string]>();

function keyJson(k: string, first: boolean): string {
  let json = keyParts.get(k);
  if (json === undefined) keyParts.set(k, (json = [`{${JSON.stringify(k)}:`, `,${JSON.stringify(k)}:`]));
  return first ? json[0] : json[1];
}

/** A memo key made of several parts, as one flat string (see scenarioJson). */
export function joinedKey(...parts: readonly string[]): string {
  return parts.join('');
}

function objectJson(v: object): string {
  let json = partJson.get(v);
  if (json === undefined) partJson.set(v, (json = JSON.stringify(v)));
  return json;
}
