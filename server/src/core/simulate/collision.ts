import { formatCount } from './probability-text';
import { healthyTargets } from './targets';
import type { Topology } from './topology';

export interface CollisionInputs {
  /** Concurrent connections one source address holds (K). */
  readonly concurrentConnections: number;
  /** Source ports available per destination (R). */
  readonly sourcePorts: number;
}

export interface CollisionEstimate {
  /** Probability that a new connection from a busy source collides with a live one. */
  readonly probability: number;
  /** Mean probability that two different NLB nodes pick the same target for a flow. */
  readonly sharedTargetProbability: number;
  readonly nlbNodes: number;
  /** Distinct healthy targets the NLB nodes choose among: the count the estimate used. */
  readonly targets: number;
  readonly reason: string;
}

/**
 * Cross-zone tuple collisions: with the client's IP and port preserved, two NLB nodes can hand the same
 * source IP:port to one target. Linux keeps ports unique only per 4-tuple, so a source may use one port
 * toward two NLB node addresses at once. A new connection fails when a live one from the same address,
 * through another NLB node, has the same port and went to the same target:
 *   P = 1 - (1 - q/R)^(K (Z-1)/Z), with q the chance two NLB nodes pick the same target.
 */
export function estimateCollision(topo: Topology, inputs: CollisionInputs): CollisionEstimate {
  const s = topo.settings;
  const z = topo.nlbNodes.length;
  // Each NLB node's healthy targets, by name with their weights: listed once, for the count and the pairs.
  const sets = topo.nlbNodes.map((n) => new Map(healthyTargets(topo, n).map((t) => [t.name, t.weight ?? 1])));
  const targets = targetCount(sets);
  if (!s.preserveClientIp) {
    return { probability: 0, sharedTargetProbability: 0, nlbNodes: z, targets, reason: 'client IP preservation is off: each NLB node connects from its own address' };
  }
  if (z < 2) return { probability: 0, sharedTargetProbability: 0, nlbNodes: z, targets, reason: 'a single NLB node cannot collide with itself' };
  const q = meanSharedTarget(sets);
  const { concurrentConnections: k, sourcePorts: r } = inputs;
  const probability = q === 0 ? 0 : 1 - Math.pow(1 - q / r, (k * (z - 1)) / z);
  const reason =
    q === 0
      ? 'no two NLB nodes can pick the same target (cross-zone is off, so each node keeps to its own zone)'
      : `NLB nodes in different zones can pick the same one of ${formatCount(targets)} target${targets === 1 ? '' : 's'} (probability ${q.toPrecision(3)} per pair), with the client's IP and port preserved`;
  return { probability, sharedTargetProbability: q, nlbNodes: z, targets, reason };
}

/** Distinct healthy targets over all NLB nodes, each counted with its weight (a class of counted nodes). */
function targetCount(sets: readonly ReadonlyMap<string, number>[]): number {
  const all = new Map<string, number>();
  for (const set of sets) for (const [name, weight] of set) all.set(name, weight);
  let sum = 0;
  for (const w of all.values()) sum += w;
  return sum;
}

/** Mean over ordered pairs of distinct NLB nodes of sum_t p_i(t) p_j(t), each node uniform over its targets. */
function meanSharedTarget(sets: readonly ReadonlyMap<string, number>[]): number {
  // Each target stands for `weight` real ones; a node picks uniformly among the real ones.
  const totals = sets.map((m) => [...m.values()].reduce((a, b) => a + b, 0));
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < sets.length; i++) {
    const mine = sets[i]!;
    for (let j = 0; j < sets.length; j++) {
      if (i === j) continue;
      pairs++;
      if (totals[i] === 0 || totals[j] === 0) continue;
      let shared = 0;
      for (const [t, w] of sets[j]!) if (mine.has(t)) shared += w;
      sum += shared / (totals[i]! * totals[j]!);
    }
  }
  return pairs === 0 ? 0 : sum / pairs;
}
