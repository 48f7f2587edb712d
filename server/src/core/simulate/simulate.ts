import type { ClientLocation } from '../model/cluster';
import { estimateCollision, type CollisionEstimate, type CollisionInputs } from './collision';
import { enumerateClient, type ClientResult } from './enumerate';
import type { Scenario } from './scenario';
import { collisionTrace } from './collision-trace';
import { estimateIdle, idleTrace, type IdleEstimate } from './idle-trace';
import { buildTopology } from './topology';
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

/** Simulates every client location against one scenario, plus the cross-zone collision estimate. */
export function simulate(
  scenario: Scenario,
  clients: readonly ClientLocation[],
  inputs: CollisionInputs = DEFAULT_COLLISION_INPUTS,
  options: { readonly traces?: boolean } = {},
): SimulationResult {
  const topo = buildTopology(scenario);
  const applicable = clients.filter((c) => c !== 'internet' || scenario.scheme === 'internet-facing');
  const collision = estimateCollision(topo, inputs);
  const trace = options.traces !== false && collision.probability > 0 ? collisionTrace(topo) : undefined;
  const idle = estimateIdle(scenario);
  const reuse = options.traces !== false && idle?.resetOnReuse ? idleTrace(topo) : undefined;
  return {
    scenario,
    clients: applicable.map((c) => enumerateClient(topo, c, options)),
    collision,
    ...(trace ? { collisionTrace: trace } : {}),
    ...(idle ? { idle } : {}),
    ...(reuse ? { idleTrace: reuse } : {}),
  };
}
