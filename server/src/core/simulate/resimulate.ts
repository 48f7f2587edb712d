import type { FrontendAnalysis } from '../rules/types';
import { scenarioOf } from './from-frontend';
import { MITIGATIONS, whatIfs, type MitigationId } from './mitigations';
import { simulate } from './simulate';

/**
 * One frontend simulated again with full handshake traces, optionally with mitigations applied first
 * (the diagram's what-if switches). Diagnostics never need this: it runs on demand, for one frontend.
 * Returns the mitigations that were applied, in order; ids that do not apply to the scenario are skipped.
 */
export function resimulate(a: FrontendAnalysis, apply: readonly MitigationId[] = []): { analysis: FrontendAnalysis; applied: MitigationId[] } {
  // From the frontend, not `a.simulation.scenario`: probability-only results may carry stand-in ports.
  let scenario = scenarioOf(a.frontend, a.cluster);
  const applied: MitigationId[] = [];
  for (const id of apply) {
    const m = MITIGATIONS.find((x) => x.id === id);
    if (!m || !m.applies(scenario)) continue;
    scenario = m.apply(scenario);
    applied.push(id);
  }
  const clients = a.cluster.clients.value;
  const inputs = { concurrentConnections: a.cluster.workload.concurrentConnectionsPerSource.value, sourcePorts: a.cluster.workload.sourcePorts.value };
  const simulation = simulate(scenario, clients, inputs);
  return { analysis: { ...a, simulation, whatIfs: whatIfs(scenario, clients, inputs) }, applied };
}
