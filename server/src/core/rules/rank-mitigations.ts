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

/**
 * What a what-if does to each thing the frontend suffers from, so that a list of what-ifs never reads as
 * a list of fixes: "removes the collisions; does not fix the connection failures (worst client 17%)".
 */
export function whatIfVerdict(a: FrontendAnalysis, w: FrontendAnalysis['whatIfs'][number]): string {
  const all = () => true;
  const before = worstFailure(a.simulation.clients, all);
  const after = worstFailure(w.result.clients, all);
  const parts: string[] = [];
  if (!before.isZero() || !after.isZero()) {
    const c = after.compare(before);
    parts.push(after.isZero() ? 'fixes the connection failures' : c < 0 ? 'lowers the connection failures' : c > 0 ? 'makes the connection failures worse' : 'does not fix the connection failures');
  }
  const cb = a.simulation.collision.probability;
  const ca = w.result.collision.probability;
  if (cb > 0 || ca > 0) parts.push(ca === 0 ? 'removes the collisions' : ca < cb ? 'lowers the collisions' : ca > cb ? 'raises the collisions' : 'does not remove the collisions');
  return parts.join('; ');
}
