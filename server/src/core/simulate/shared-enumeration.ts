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
  const mask = unreadMask(s, location);
  return (UNREAD[mask] ??= unreadOf(mask));
}

/** Which of the reasons above hold, as bits: each value stands for one set of unread settings. */
function unreadMask(s: Scenario, location: ClientLocation): number {
  let mask = 0;
  if (s.inClusterCallers === 'service' && (location.startsWith('pod@') || location.startsWith('host@'))) mask |= 1;
  if (s.targetType === 'ip') mask |= 2;
  if (s.backendProxyProtocol === undefined) mask |= 4;
  return mask;
}

/** The unread settings of each mask, made once (every client of every scenario asks). */
const UNREAD: ReadonlySet<keyof Scenario>[] = [];

function unreadOf(mask: number): ReadonlySet<keyof Scenario> {
  const unread = new Set<keyof Scenario>(['idle']);
  if (mask & 1) for (const k of ['targetType', 'preserveClientIp', 'crossZone', 'trafficPolicy', 'scheme'] as const) unread.add(k);
  if (mask & 2) unread.add('trafficPolicy');
  if (mask & 4) unread.add('proxyProtocolV2');
  return unread;
}

/** Each scenario's keys, per set of unread settings (by mask): its clients share one or two. */
const keysOf = new WeakMap<Scenario, Map<number, string>>();

/** The key of the settings a client at `location` reads in `s` (its walk is kept under it, by location). */
export function settingsKey(s: Scenario, location: ClientLocation): string {
  const mask = unreadMask(s, location);
  let keys = keysOf.get(s);
  if (!keys) keysOf.set(s, (keys = new Map()));
  let key = keys.get(mask);
  if (key === undefined) keys.set(mask, (key = scenarioJson(s, (UNREAD[mask] ??= unreadOf(mask)))));
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
