import type { ClientLocation } from '../model/cluster';
import { estimateCollision, type CollisionEstimate, type CollisionInputs } from './collision';
import { enumerateClient, type ClientResult } from './enumerate';
import type { Scenario } from './scenario';
import { collisionTrace } from './collision-trace';
import { sharedEnumeration, type EnumerationMemo } from './shared-enumeration';
import { estimateIdle, idleTrace, type IdleEstimate } from './idle-trace';
import { buildTopology, type Topology } from './topology';
import type { Trace } from './trace';

export interface SimulationResult {
  readonly scenario: Scenario;
  readonly clients: readonly ClientResult[];
  readonly collision: CollisionEstimate;
  /** Two connections from one source port meeting at one target, when the estimate says it can happen. */
  readonly collisionTrace?: Trace;
  /** Whether a pooled connection outlives the NLB's flow (HP105), when the backend's idle timeout is known. */
  readonly idle?: IdleEstimate;
  /** A pooled connection reused after the NLB dropped its idle flow, when that can happen. */
  readonly idleTrace?: Trace;
}

export const DEFAULT_COLLISION_INPUTS: CollisionInputs = { concurrentConnections: 1000, sourcePorts: 28232 };

/**
 * Simulates every client location against one scenario, plus the cross-zone collision estimate. The
 * topology is built once here, for all clients and the estimate.
 */
export function simulate(
  scenario: Scenario,
  clients: readonly ClientLocation[],
  inputs: CollisionInputs = DEFAULT_COLLISION_INPUTS,
  options: { readonly traces?: boolean; readonly enumerations?: EnumerationMemo; readonly topology?: (s: Scenario) => Topology } = {},
): SimulationResult {
  const topo = options.topology ? options.topology(scenario) : buildTopology(scenario);
  const applicable = clients.filter((c) => c !== 'internet' || scenario.scheme === 'internet-facing');
  const collision = estimateCollision(topo, inputs);
  const trace = options.traces !== false && collision.probability > 0 ? collisionTrace(topo) : undefined;
  const idle = estimateIdle(scenario);
  const reuse = options.traces !== false && idle?.resetOnReuse ? idleTrace(topo) : undefined;
  return {
    scenario,
    // Probabilities only: a client's enumeration may be shared with other scenarios (see shared-enumeration.ts).
    clients: applicable.map((c) => (options.traces === false && options.enumerations ? sharedEnumeration(topo, c, options.enumerations) : enumerateClient(topo, c, options))),
    collision,
    ...(trace ? { collisionTrace: trace } : {}),
    ...(idle ? { idle } : {}),
    ...(reuse ? { idleTrace: reuse } : {}),
  };
}
