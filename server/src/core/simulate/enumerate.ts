import { splitClient, type ClientLocation } from '../model/cluster';
import { ReplayChooser } from './choice';
import { runHandshake } from './engine';
import { Fraction } from './fraction';
import { placeClient, type Topology } from './topology';
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
 */
export function enumerateClient(topo: Topology, location: ClientLocation, options: { readonly traces?: boolean } = {}): ClientResult {
  const client = placeClient(topo, location);
  if (!client) {
    return { location, failureProbability: Fraction.ZERO, modes: [], paths: 0, error: `no node named "${splitClient(location).node}" in the cluster` };
  }
  const cache = new Map<string, unknown>();
  const byMode = new Map<FailureMode, { probability: Fraction; best: Fraction; path: number[]; trace: Trace }>();
  const pending: number[][] = [[]];
  let paths = 0;
  while (pending.length > 0) {
    const prefix = pending.pop()!;
    const chooser = new ReplayChooser(prefix);
    const trace = runHandshake(topo, client, chooser, cache, { retransmissions: false });
    paths++;
    const path = chooser.path;
    for (let i = prefix.length; i < chooser.arities.length; i++) {
      for (let alt = chooser.arities[i]! - 1; alt >= 1; alt--) pending.push([...path.slice(0, i), alt]);
    }
    const mode = modeOf(trace.firstAttempt);
    const seen = byMode.get(mode);
    if (!seen) byMode.set(mode, { probability: chooser.probability, best: chooser.probability, path, trace });
    else {
      seen.probability = seen.probability.add(chooser.probability);
      if (chooser.probability.compare(seen.best) > 0) {
        seen.best = chooser.probability;
        seen.path = path;
        seen.trace = trace;
      }
    }
  }
  // One full run per mode, with the SYN retransmissions, along its most likely path. Without traces the
  // first attempt is all a mode keeps, and the enumeration already ran exactly that path: replaying it
  // would give the same trace.
  const traced = new Map<FailureMode, Trace>();
  for (const [mode, r] of byMode) {
    traced.set(mode, options.traces === false ? r.trace : runHandshake(topo, client, new ReplayChooser(r.path), cache));
  }
  const modes = [...byMode.entries()]
    .map(([mode, r]) => ({ mode, probability: r.probability, trace: traced.get(mode)! }))
    .sort((a, b) => (a.mode === 'ok' ? 1 : 0) - (b.mode === 'ok' ? 1 : 0) || b.probability.compare(a.probability));
  const failureProbability = modes.filter((m) => m.mode !== 'ok').reduce((sum, m) => sum.add(m.probability), Fraction.ZERO);
  return { location, failureProbability, modes, paths };
}
