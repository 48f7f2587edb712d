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
 * lower the finding's own measure are kept (a change that helps something else does not fix it, and
 * one that brings a proxy-protocol mismatch breaks more than it fixes), best first by that measure,
 * then by the other one.
 */
export function rankMitigations(a: FrontendAnalysis, scope: (c: ClientResult) => boolean, measure: FindingMeasure = 'failure', only?: ReadonlySet<MitigationId>): RankedMitigation[] {
  // A mismatch already there is HP104's finding and is left out of the others' measure; one a change would bring is counted.
  const mismatchNow = a.simulation.clients.some((c) => !mismatchOf(c).isZero());
  const of = measure === 'proxy-protocol' ? mismatchOf : mismatchNow ? withoutMismatch : (c: ClientResult) => c.failureProbability;
  const worst = (clients: readonly ClientResult[]) => worstOf(clients, scope, of);
  const before = worst(a.simulation.clients);
  const collisionBefore = a.simulation.collision.probability;
  // A change that makes the NLB send PROXY headers to a backend known to reject them trades this finding
  // for HP104 on every connection: it is never offered as this finding's fix.
  const bringsMismatch = (clients: readonly ClientResult[]) => measure !== 'proxy-protocol' && !mismatchNow && clients.some((c) => !mismatchOf(c).isZero());
  return a.whatIfs
    .filter((w) => (!only || only.has(w.mitigation.id)) && !bringsMismatch(w.result.clients))
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
