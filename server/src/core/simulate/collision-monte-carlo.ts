import type { CollisionInputs } from './collision';
import { seededRandom } from './random';

export interface MonteCarloInputs extends CollisionInputs {
  /** NLB node addresses the source spreads its connections over (Z). */
  readonly nlbNodes: number;
  /** Targets each NLB node may pick for a flow, per node; with cross-zone on every node sees all of them. */
  readonly targetsPerNode: readonly (readonly number[])[];
  readonly trials: number;
  /** New connections probed per trial, against the live ones. */
  readonly probes: number;
  readonly seed: number;
}

export interface MonteCarloResult {
  readonly probability: number;
  /** Half-width of the 95% confidence interval, from the spread between independent trials. */
  readonly halfWidth95: number;
}

/**
 * Monte Carlo of the cross-zone tuple collision. Ports are chosen the way Linux does (RFC 6056
 * algorithm 4): per destination, from a hashed offset plus a per-bucket perturbation, stepping past ports
 * already in use toward that same destination, with the small random increments kernels since 2022 add.
 * Uniqueness is per 4-tuple, so the same port may be live toward two NLB node addresses at once.
 */
export function monteCarloCollision(inputs: MonteCarloInputs): MonteCarloResult {
  const random = seededRandom(inputs.seed);
  const { concurrentConnections: k, sourcePorts: r, nlbNodes: z } = inputs;
  const rates: number[] = [];
  for (let trial = 0; trial < inputs.trials; trial++) {
    // Per destination: a hashed offset, a perturbation counter, and the live ports with their targets.
    const offset = Array.from({ length: z }, () => Math.floor(random() * r));
    const perturb = new Array<number>(z).fill(0);
    const live = Array.from({ length: z }, () => new Map<number, number>());
    const choosePort = (d: number): number => {
      const used = live[d]!;
      for (let i = 0; i < r; i++) {
        const port = (offset[d]! + perturb[d]! + i) % r;
        if (!used.has(port)) {
          perturb[d]! += i + 1 + (random() < 0.5 ? 1 : 0);
          return port;
        }
      }
      throw new Error('source ports exhausted');
    };
    const pickTarget = (d: number) => {
      const ts = inputs.targetsPerNode[d]!;
      return ts[Math.floor(random() * ts.length)]!;
    };
    for (let c = 0; c < k; c++) {
      const d = c % z;
      live[d]!.set(choosePort(d), pickTarget(d));
    }
    let collisions = 0;
    for (let p = 0; p < inputs.probes; p++) {
      const d = Math.floor(random() * z);
      const port = choosePort(d);
      const target = pickTarget(d);
      for (let other = 0; other < z; other++) {
        if (other !== d && live[other]!.get(port) === target) {
          collisions++;
          break;
        }
      }
    }
    rates.push(collisions / inputs.probes);
  }
  const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
  const variance = rates.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, rates.length - 1);
  return { probability: mean, halfWidth95: 1.96 * Math.sqrt(variance / rates.length) };
}
