import type { RankedMitigation, FrontendAnalysis } from './types';
import type { ClientResult } from '../simulate/enumerate';
import { Fraction } from '../simulate/fraction';

/** What a finding is about: the worst failure of the clients in scope, or the collision estimate. */
export type FindingMeasure = 'failure' | 'collision';

/** The worst failure probability among the clients `scope` accepts, exactly. */
export function worstFailure(clients: readonly ClientResult[], scope: (c: ClientResult) => boolean): Fraction {
  let worst = Fraction.ZERO;
  for (const c of clients) if (scope(c) && c.failureProbability.compare(worst) > 0) worst = c.failureProbability;
  return worst;
}

/**
 * Ranks the what-ifs by what the simulation says they achieve for the finding: only changes that
 * lower the finding's own measure are kept (a change that helps something else does not fix it),
 * best first by that measure, then by the other one.
 */
export function rankMitigations(a: FrontendAnalysis, scope: (c: ClientResult) => boolean, measure: FindingMeasure = 'failure'): RankedMitigation[] {
  const before = worstFailure(a.simulation.clients, scope);
  const collisionBefore = a.simulation.collision.probability;
  return a.whatIfs
    .map((w) => {
      const after = worstFailure(w.result.clients, scope);
      return {
        id: w.mitigation.id,
        title: w.mitigation.title,
        failureAfter: after.toNumber(),
        failureBeforeExact: before.toString(),
        failureAfterExact: after.toString(),
        collisionBefore,
        collisionAfter: w.result.collision.probability,
        after,
      };
    })
    .filter((m) => (measure === 'failure' ? m.after.compare(before) < 0 : m.collisionAfter < collisionBefore))
    .sort((x, y) =>
      measure === 'failure'
        ? x.after.compare(y.after) || x.collisionAfter - y.collisionAfter
        : x.collisionAfter - y.collisionAfter || x.after.compare(y.after),
    )
    .map(({ after: _after, ...m }) => m);
}
