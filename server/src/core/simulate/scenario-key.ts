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
  let out = '{';
  for (const k of Object.keys(s)) {
    if (omit?.has(k)) continue;
    const v = (s as unknown as Record<string, unknown>)[k];
    if (v === undefined || typeof v === 'function') continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:${typeof v === 'object' && v !== null ? objectJson(v) : JSON.stringify(v)}`;
  }
  return `${out}}`;
}

function objectJson(v: object): string {
  let json = partJson.get(v);
  if (json === undefined) partJson.set(v, (json = JSON.stringify(v)));
  return json;
}
