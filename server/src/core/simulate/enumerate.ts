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

/** One mode of a walk: its exact probability and its most likely path (the choice indices taken). */
export interface WalkMode {
  readonly mode: FailureMode;
  readonly probability: Fraction;
  readonly path: readonly number[];
}

/**
 * How a client's handshakes end, path by path, without any trace: what an enumeration's result is made
 * from, and what scenarios that differ only in settings no path decision reads can share.
 */
export interface Walk {
  readonly location: ClientLocation;
  readonly failureProbability: Fraction;
  /** Failures first, most likely first; `ok` last. */
  readonly modes: readonly WalkMode[];
  readonly paths: number;
  readonly error?: string;
}

/**
 * Walks every path of DNS answer x NLB target x kube-proxy endpoint once, as equivalence classes, by
 * replaying the handshake along each prefix of choices; sums the exact probability of each mode. Only
 * how each path ends matters here, so no step is recorded.
 */
export function walkClient(topo: Topology, location: ClientLocation): Walk {
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
  const modes = [...byMode.entries()]
    .map(([mode, r]) => ({ mode, probability: r.probability, path: r.path }))
    .sort((a, b) => (a.mode === 'ok' ? 1 : 0) - (b.mode === 'ok' ? 1 : 0) || b.probability.compare(a.probability));
  const failureProbability = modes.filter((m) => m.mode !== 'ok').reduce((sum, m) => sum.add(m.probability), Fraction.ZERO);
  return { location, failureProbability, modes, paths };
}

/**
 * A client's result: its walk, with each mode's most likely path replayed with steps. With traces, the
 * replay runs the SYN retransmissions too. Without, it is the first attempt only, made when first read
 * (`trace` is a getter that then keeps its value), from this scenario: a walk shared by many scenarios
 * still shows each one its own packets.
 */
export function enumerateClient(topo: Topology, location: ClientLocation, options: { readonly traces?: boolean } = {}): ClientResult {
  return resultOf(walkClient(topo, location), topo, options.traces !== false);
}

/** Binds a walk to a scenario: traces made now (`traces`) or on first read. */
export function resultOf(walk: Walk, topo: Topology, traces: boolean): ClientResult {
  const { location } = walk;
  const client = traces ? placeClient(topo, location) : undefined;
  const cache = new Map<string, unknown>();
  const modes = walk.modes.map((m): ModeResult => (client ? { mode: m.mode, probability: m.probability, trace: runHandshake(topo, client, new ReplayChooser(m.path), cache) } : lazyMode(m, topo.scenario, location)));
  return { location, failureProbability: walk.failureProbability, modes, paths: walk.paths, ...(walk.error ? { error: walk.error } : {}) };
}

/**
 * A mode whose trace (first attempt, recorded) is made when first read and then kept as a plain value.
 * It holds the scenario, not the topology: the topology is rebuilt for the replay (it is deterministic).
 */
function lazyMode(m: WalkMode, scenario: Scenario, location: ClientLocation): ModeResult {
  return {
    mode: m.mode,
    probability: m.probability,
    get trace(): Trace {
      const topo = buildTopology(scenario);
      const trace = runHandshake(topo, placeClient(topo, location)!, new ReplayChooser(m.path), new Map(), { retransmissions: false });
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
