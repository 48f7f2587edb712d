import { podsOn, splitClient, type ClientLocation } from '../model/cluster';
import type { ClientResult, FailureMode } from '../simulate/enumerate';
import type { Fraction } from '../simulate/fraction';
import type { FrontendAnalysis } from './types';

export function isInCluster(location: ClientLocation): boolean {
  return location.startsWith('pod@') || location.startsWith('host@');
}

/** "a pod on n1 (a node without a gateway pod)" */
export function describeClient(location: ClientLocation, endpoints: Readonly<Record<string, number>>, plainTargets = false): string {
  if (location === 'vpc') return plainTargets ? 'an instance in the VPC that is not a target' : 'an instance in the VPC outside the cluster';
  if (location === 'internet') return 'a client on the internet';
  const { kind, node } = splitClient(location);
  if (plainTargets) return `a process on ${node} (an attached target)`;
  const where = podsOn(endpoints, node) > 0 ? `${node} (a node that runs a gateway pod)` : `${node} (a node without a gateway pod)`;
  return `${kind === 'pod' ? 'a pod' : 'a host-network process'} on ${where}`;
}

export interface WorstClient {
  readonly client: ClientResult;
  readonly probability: Fraction;
}

/** The client with the highest probability of one failure mode, among those `keep` accepts. */
export function worstFor(a: FrontendAnalysis, mode: FailureMode, keep: (c: ClientResult) => boolean = () => true): WorstClient | undefined {
  let worst: WorstClient | undefined;
  for (const c of a.simulation.clients) {
    if (!keep(c)) continue;
    const m = c.modes.find((x) => x.mode === mode);
    if (!m || m.probability.isZero()) continue;
    if (!worst || m.probability.compare(worst.probability) > 0) worst = { client: c, probability: m.probability };
  }
  return worst;
}
