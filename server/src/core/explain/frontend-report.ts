import type { ClientLocation } from '../model/cluster';
import type { FrontendAnalysis } from '../rules/types';
import type { ClientResult, FailureMode } from '../simulate/enumerate';
import type { MitigationId } from '../simulate/mitigations';
import type { Scenario } from '../simulate/scenario';
import type { CollisionEstimate } from '../simulate/collision';
import type { IdleEstimate } from '../simulate/idle-trace';
import type { Trace } from '../simulate/trace';

export interface ClientReport {
  readonly location: ClientLocation;
  readonly failureProbability: number;
  readonly failureProbabilityExact: string;
  readonly mode: FailureMode;
  readonly modes: readonly { readonly mode: FailureMode; readonly probability: number; readonly probabilityExact: string; readonly trace?: Trace }[];
  readonly error?: string;
  /** The representative trace of the client's worst mode. */
  readonly trace?: Trace;
}

/** One frontend as `hairpin simulate --format json` prints it, and as `hairpin/trace` returns it. */
export interface FrontendReport {
  readonly id: string;
  readonly name: string;
  readonly file: string;
  /** 1-based line of the resource head. */
  readonly line: number;
  readonly scenario: Scenario;
  readonly clients: readonly ClientReport[];
  readonly collision: CollisionEstimate & { readonly trace?: Trace };
  /** HP105's timers and, when a pooled connection can outlive the NLB's flow, the trace of its reuse. */
  readonly idle?: IdleEstimate & { readonly trace?: Trace };
  readonly mitigations: readonly { readonly change: MitigationId; readonly title: string; readonly clients: readonly ClientReport[]; readonly collision: CollisionEstimate }[];
}

const worstMode = (c: ClientResult) => c.modes.find((m) => m.mode !== 'ok') ?? c.modes[0];

/** `traces` adds the worst mode's trace per client (and every mode's, with `allModes`). */
export function clientReport(c: ClientResult, traces: boolean, allModes = false): ClientReport {
  const m = worstMode(c);
  return {
    location: c.location,
    failureProbability: c.failureProbability.toNumber(),
    failureProbabilityExact: c.failureProbability.toString(),
    mode: m?.mode ?? 'ok',
    modes: c.modes.map((x) => ({ mode: x.mode, probability: x.probability.toNumber(), probabilityExact: x.probability.toString(), ...(allModes ? { trace: x.trace } : {}) })),
    ...(c.error ? { error: c.error } : {}),
    ...(traces && m ? { trace: m.trace } : {}),
  };
}

export function frontendReport(a: FrontendAnalysis, line: number, options: { readonly allModes?: boolean } = {}): FrontendReport {
  return {
    id: a.frontend.id,
    name: a.frontend.name,
    file: a.frontend.file,
    line,
    scenario: a.simulation.scenario,
    clients: a.simulation.clients.map((c) => clientReport(c, true, options.allModes)),
    collision: { ...a.simulation.collision, ...(a.simulation.collisionTrace ? { trace: a.simulation.collisionTrace } : {}) },
    ...(a.simulation.idle ? { idle: { ...a.simulation.idle, ...(a.simulation.idleTrace ? { trace: a.simulation.idleTrace } : {}) } } : {}),
    mitigations: a.whatIfs.map((w) => ({
      change: w.mitigation.id,
      title: w.mitigation.title,
      clients: w.result.clients.map((c) => clientReport(c, false)),
      collision: w.result.collision,
    })),
  };
}

/** The client whose failure probability is highest (the first one on a tie), for a default selection. */
export function worstClient(a: FrontendAnalysis): ClientLocation | undefined {
  let best: ClientResult | undefined;
  for (const c of a.simulation.clients) if (!best || c.failureProbability.compare(best.failureProbability) > 0) best = c;
  return best?.location;
}
