import { splitClient, type ClientLocation } from '../model/cluster';
import { ReplayChooser } from './choice';
import { runHandshake } from './engine';
import { Fraction } from './fraction';
import type { Scenario } from './scenario';
import { buildTopology, placeClient, type Topology } from './topology';
import type { Disposition, Trace } from './trace';

export type FailureMode = 'ok' | 'hairpin-reset' | 'loopback-drop' | 'tuple-collision' | 'no-healthy-target' | 'proxy-protocol-mismatch' | 'idle-timeout' | 'unreachable';

export interface ModeResult {
  readonly mode: FailureMode;
  readonly probability: Fraction;
  /** The most likely path that ends this way (first attempt only when traces were not asked for). */
  readonly trace: Trace;
}

export interface ClientResult {
  readonly location: ClientLocation;
  readonly failureProbability: Fraction;
  /** Every mode that occurs, failures first, most likely first. */
  readonly modes: readonly ModeResult[];
  /** Number of distinct (folded) paths simulated. */
  readonly paths: number;
  /** Why the client could not be simulated (for example an unknown node). */
  readonly error?: string;
}

/** How the first attempt ended decides the mode; retransmissions only repeat it. */
export function modeOf(firstAttempt: Disposition): FailureMode {
  switch (firstAttempt) {
    case 'established':
      return 'ok';
    case 'reset-by-client':
      return 'hairpin-reset';
    case 'reset-by-backend':
      return 'proxy-protocol-mismatch';
    case 'reset-by-nlb':
      return 'idle-timeout';
    case 'dropped-martian':
      return 'loopback-drop';
    case 'no-healthy-target':
      return 'no-healthy-target';
    case 'tuple-collision':
      return 'tuple-collision';
    default:
      return 'unreachable';
  }
}

/**
 * Walks every path of DNS answer x NLB target x kube-proxy endpoint once, as equivalence classes, by
 * replaying the handshake along each prefix of choices; sums the exact probability of each mode.
 *
 * The walk runs without recording steps (only how each path ends matters). Each mode keeps its most
 * likely path, replayed with steps: with the SYN retransmissions when traces are asked for; otherwise
 * the first attempt only, and only when someone reads it (`trace` is made on first access from the
 * scenario, the location and the path, so a result shared by many NLBs holds no trace until shown).
 */
export function enumerateClient(topo: Topology, location: ClientLocation, options: { readonly traces?: boolean } = {}): ClientResult {
  const client = placeClient(topo, location);
  if (!client) {
    return { location, failureProbability: Fraction.ZERO, modes: [], paths: 0, error: `no node named "${splitClient(location).node}" in the cluster` };
  }
  const cache = new Map<string, unknown>();
  const byMode = new Map<FailureMode, { probability: Fraction; best: Fraction; path: number[] }>();
  const pending: number[][] = [[]];
  let paths = 0;
  while (pending.length > 0) {
    const prefix = pending.pop()!;
    const chooser = new ReplayChooser(prefix);
    const trace = runHandshake(topo, client, chooser, cache, { retransmissions: false, record: false });
    paths++;
    const path = chooser.path;
    for (let i = prefix.length; i < chooser.arities.length; i++) {
      for (let alt = chooser.arities[i]! - 1; alt >= 1; alt--) pending.push([...path.slice(0, i), alt]);
    }
    const mode = modeOf(trace.firstAttempt);
    const probability = chooser.probability;
    const seen = byMode.get(mode);
    if (!seen) byMode.set(mode, { probability, best: probability, path });
    else {
      seen.probability = seen.probability.add(probability);
      if (probability.compare(seen.best) > 0) {
        seen.best = probability;
        seen.path = path;
      }
    }
  }
  const modes: ModeResult[] = [...byMode.entries()]
    .map(([mode, r]) => (options.traces === false ? lazyMode(mode, r.probability, topo.scenario, location, r.path) : { mode, probability: r.probability, trace: runHandshake(topo, client, new ReplayChooser(r.path), cache) }))
    .sort((a, b) => (a.mode === 'ok' ? 1 : 0) - (b.mode === 'ok' ? 1 : 0) || b.probability.compare(a.probability));
  const failureProbability = modes.filter((m) => m.mode !== 'ok').reduce((sum, m) => sum.add(m.probability), Fraction.ZERO);
  return { location, failureProbability, modes, paths };
}

/**
 * A mode whose trace (first attempt, recorded) is made when first read and then kept as a plain value.
 * It holds the scenario, not the topology: the topology is rebuilt for the replay (it is deterministic).
 */
function lazyMode(mode: FailureMode, probability: Fraction, scenario: Scenario, location: ClientLocation, path: readonly number[]): ModeResult {
  return {
    mode,
    probability,
    get trace(): Trace {
      const topo = buildTopology(scenario);
      const trace = runHandshake(topo, placeClient(topo, location)!, new ReplayChooser(path), new Map(), { retransmissions: false });
      Object.defineProperty(this, 'trace', { value: trace, enumerable: true, writable: false, configurable: false });
      return trace;
    },
  };
}

/** The mode's trace if it has been made; never makes one (for size estimates of memoised results). */
export function traceIfMade(m: ModeResult): Trace | undefined {
  const d = Object.getOwnPropertyDescriptor(m, 'trace');
  return d && 'value' in d ? (d.value as Trace) : undefined;
}
