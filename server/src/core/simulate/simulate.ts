import type { ClientLocation } from '../model/cluster';
import { estimateCollision, type CollisionEstimate, type CollisionInputs } from './collision';
import { enumerateClient, type ClientResult } from './enumerate';
import type { Scenario } from './scenario';
import { buildTopology } from './topology';

export interface SimulationResult {
  readonly scenario: Scenario;
  readonly clients: readonly ClientResult[];
  readonly collision: CollisionEstimate;
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
  return {
    scenario,
    clients: applicable.map((c) => enumerateClient(topo, c, options)),
    collision: estimateCollision(topo, inputs),
  };
}
