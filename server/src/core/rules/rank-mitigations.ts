import type { RankedMitigation, FrontendAnalysis } from './types';
import type { ClientResult } from '../simulate/enumerate';
import { Fraction } from '../simulate/fraction';
import type { MitigationId } from '../simulate/mitigations';

/**
 * What a finding is about: the worst failure of the clients in scope, the collision estimate, or the
 * proxy-protocol mismatch alone. A mismatch fails every connection that survives the handshake, so it is
 * measured on its own and left out of `failure`: it would otherwise hide what a change does to the rest.
 */
export type FindingMeasure = 'failure' | 'collision' | 'proxy-protocol';

/** The worst failure probability among the clients `scope` accepts, exactly. */
export function worstFailure(clients: readonly ClientResult[], scope: (c: ClientResult) => boolean): Fraction {
  let worst = Fraction.ZERO;
  for (const c of clients) if (scope(c) && c.failureProbability.compare(worst) > 0) worst = c.failureProbability;
  return worst;
}

function worstOf(clients: readonly ClientResult[], scope: (c: ClientResult) => boolean, of: (c: ClientResult) => Fraction): Fraction {
  let worst = Fraction.ZERO;
  for (const c of clients) {
    if (!scope(c)) continue;
    const p = of(c);
    if (p.compare(worst) > 0) worst = p;
  }
  return worst;
}

function mismatchOf(c: ClientResult): Fraction {
  return c.modes.find((m) => m.mode === 'proxy-protocol-mismatch')?.probability ?? Fraction.ZERO;
}

function withoutMismatch(c: ClientResult): Fraction {
  const m = mismatchOf(c);
  return m.isZero() ? c.failureProbability : c.failureProbability.sub(m);
}

/**
 * Ranks the what-ifs by what the simulation says they achieve for the finding: only changes that
 * lower the finding's own measure are kept (a change that helps something else does not fix it),
 * best first by that measure, then by the other one.
 */
export function rankMitigations(a: FrontendAnalysis, scope: (c: ClientResult) => boolean, measure: FindingMeasure = 'failure', only?: ReadonlySet<MitigationId>): RankedMitigation[] {
  // A mismatch already there is HP104's finding and is left out of the others' measure; one a change would bring is counted.
  const mismatchNow = a.simulation.clients.some((c) => !mismatchOf(c).isZero());
  const of = measure === 'proxy-protocol' ? mismatchOf : mismatchNow ? withoutMismatch : (c: ClientResult) => c.failureProbability;
  const worst = (clients: readonly ClientResult[]) => worstOf(clients, scope, of);
  const before = worst(a.simulation.clients);
  const collisionBefore = a.simulation.collision.probability;
  return a.whatIfs
    .filter((w) => !only || only.has(w.mitigation.id))
    .map((w) => {
      const after = worst(w.result.clients);
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
    .filter((m) => (measure !== 'collision' ? m.after.compare(before) < 0 : m.collisionAfter < collisionBefore))
    .sort((x, y) =>
      measure !== 'collision'
        ? x.after.compare(y.after) || x.collisionAfter - y.collisionAfter
        : x.collisionAfter - y.collisionAfter || x.after.compare(y.after),
    )
    .map(({ after: _after, ...m }) => m);
}
