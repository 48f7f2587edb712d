import type { RankedMitigation, FrontendAnalysis } from './types';
import type { ClientResult } from '../simulate/enumerate';

/**
 * Ranks the what-ifs by what the simulation says they achieve for the clients in `scope`: the worst
 * remaining failure probability first, the collision estimate second. Only changes that improve on
 * the current state are kept.
 */
export function rankMitigations(a: FrontendAnalysis, scope: (c: ClientResult) => boolean): RankedMitigation[] {
  const worst = (clients: readonly ClientResult[]) => Math.max(0, ...clients.filter(scope).map((c) => c.failureProbability.toNumber()));
  const before = worst(a.simulation.clients);
  const collisionBefore = a.simulation.collision.probability;
  return a.whatIfs
    .map((w) => ({
      id: w.mitigation.id,
      title: w.mitigation.title,
      failureAfter: worst(w.result.clients),
      collisionAfter: w.result.collision.probability,
    }))
    .filter((m) => m.failureAfter < before || (m.failureAfter <= before && m.collisionAfter < collisionBefore))
    .sort((x, y) => x.failureAfter - y.failureAfter || x.collisionAfter - y.collisionAfter);
}
