import type { ClientLocation } from '../model/cluster';
import { resultOf, walkClient, type ClientResult, type Walk } from './enumerate';
import type { Scenario } from './scenario';
import { joinedKey, scenarioJson } from './scenario-key';
import type { Topology } from './topology';

/**
 * Where clients' walks are kept between scenarios (the analysis cache holds one): per key of the
 * settings the clients read, each client's walk. The clients of one scenario look up one or two keys
 * between them (pods and hosts may read fewer settings than VPC and internet clients), not one each.
 */
export interface EnumerationMemo {
  get(key: string): Map<ClientLocation, Walk> | undefined;
  set(key: string, value: Map<ClientLocation, Walk>): unknown;
}

/**
 * Scenario settings no decision on a client's paths reads, so scenarios that differ only in them share
 * that client's walk (the same paths, each ending the same way, with the same probabilities). Each
 * scenario still gets its own traces, replayed from the shared paths (see `resultOf`):
 * - a pod or host client that calls the Service's ClusterIP never reaches the NLB, so the NLB's target
 *   type, preservation, cross-zone and scheme and the Service's traffic policy play no part;
 * - with ip targets kube-proxy's NodePort rules are not on the path, so the traffic policy plays none;
 * - idle timeouts act only after a connection is established and idle (simulate/idle-trace.ts): no
 *   handshake reads them, so HP105's what-ifs share the base scenario's enumerations;
 * - whether the NLB sends a PROXY header only marks packets, unless the backend's expectation is known:
 *   then the first bytes are simulated and the backend decides on them (engine.ts, readsFirstBytes).
 * Every other setting, including ones added later, stays in the key. test/unit/shared-enumeration.test.ts
 * holds this against direct simulation.
 */
export function unreadSettings(s: Scenario, location: ClientLocation): ReadonlySet<keyof Scenario> {
  const unread = new Set<keyof Scenario>(['idle']);
  if (s.inClusterCallers === 'service' && (location.startsWith('pod@') || location.startsWith('host@'))) {
    for (const k of ['targetType', 'preserveClientIp', 'crossZone', 'trafficPolicy', 'scheme'] as const) unread.add(k);
  }
  if (s.targetType === 'ip') unread.add('trafficPolicy');
  if (s.backendProxyProtocol === undefined) unread.add('proxyProtocolV2');
  return unread;
}

/** Each scenario's keys, per set of unread settings: its clients share one or two. */
const keysOf = new WeakMap<Scenario, Map<string, string>>();

/** The key of the settings a client at `location` reads in `s` (its walk is kept under it, by location). */
export function settingsKey(s: Scenario, location: ClientLocation): string {
  const unread = unreadSettings(s, location);
  const signature = [...unread].join(',');
  let keys = keysOf.get(s);
  if (!keys) keysOf.set(s, (keys = new Map()));
  let key = keys.get(signature);
  if (key === undefined) keys.set(signature, (key = scenarioJson(s, unread)));
  return key;
}

/** The key of one client's enumeration: its location and the settings it can read. */
export function enumerationKey(s: Scenario, location: ClientLocation): string {
  return joinedKey(JSON.stringify(location), ':', settingsKey(s, location));
}

/** A client's probabilities-only result, its walk shared with every scenario of the same key. */
export function sharedEnumeration(topo: Topology, location: ClientLocation, memo: EnumerationMemo): ClientResult {
  const key = settingsKey(topo.scenario, location);
  let walks = memo.get(key);
  if (!walks) memo.set(key, (walks = new Map()));
  let walk = walks.get(location);
  if (!walk) walks.set(location, (walk = walkClient(topo, location)));
  return resultOf(walk, topo, false);
}
