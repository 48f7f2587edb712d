import type { ClientLocation } from '../model/cluster';
import { resultOf, walkClient, type ClientResult, type Walk } from './enumerate';
import type { Scenario } from './scenario';
import { scenarioJson } from './scenario-key';
import type { Topology } from './topology';

/** Where one client's enumerations are kept between scenarios (the analysis cache holds one). */
export interface EnumerationMemo {
  get(key: string): Walk | undefined;
  set(key: string, value: Walk): unknown;
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

/** The key of one client's enumeration: its location and the settings it can read. */
export function enumerationKey(s: Scenario, location: ClientLocation): string {
  return `${JSON.stringify(location)}:${scenarioJson(s, unreadSettings(s, location))}`;
}

/** A client's probabilities-only result, its walk shared with every scenario of the same key. */
export function sharedEnumeration(topo: Topology, location: ClientLocation, memo: EnumerationMemo): ClientResult {
  const key = enumerationKey(topo.scenario, location);
  let walk = memo.get(key);
  if (!walk) memo.set(key, (walk = walkClient(topo, location)));
  return resultOf(walk, topo, false);
}
