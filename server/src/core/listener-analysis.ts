import { sameKey, type AnalysisCache, type ClusterEntry, type FrontendEntry, type FrontendKey, type SimulationEntry } from './cache/analysis-cache';
import { withAttachedTargets } from './link/attached-targets';
import { idleAssumptions, proxyAssumptions } from './link/backend';
import { backendWorkload, clusterFor, type WorkspaceCluster } from './link/cluster';
import type { EffectiveTargetGroups } from './link/effective-target-group';
import { linkListener, sortFrontends, type LinkContext } from './link/frontends';
import { withTargetNodes } from './link/target-nodes';
import { withUnknownTargets } from './link/unknown-targets';
import type { ClientLocation, ClusterFacts, ClusterOverrides } from './model/cluster';
import type { Frontend } from './model/frontend';
import type { ListenerModel } from './model/nlb';
import type { Notice } from './model/workspace';
import { perTargetGroup } from './rules/per-target-group';
import { RULES } from './rules/registry';
import { severityOf, type SeverityThresholds } from './rules/severity';
import type { Finding, FrontendAnalysis } from './rules/types';
import type { CollisionInputs } from './simulate/collision';
import { scenarioOf } from './simulate/from-frontend';
import { lazyWhatIfs, withStandInPorts } from './simulate/mitigations';
import type { Scenario } from './simulate/scenario';
import { joinedKey, scenarioJson } from './simulate/scenario-key';
import { simulate, type SimulationResult } from './simulate/simulate';
import { buildTopology, rebindTopology, type Topology } from './simulate/topology';

/** What analysing one listener reads besides the listener: the tracked indexes and the workspace-wide inputs. */
export interface ListenerInputs {
  readonly context: LinkContext;
  readonly effective: EffectiveTargetGroups;
  readonly workspace: WorkspaceCluster;
  /** A complete cluster from the caller, with its JSON. */
  readonly given: ClusterEntry | undefined;
  readonly clusterInputs: string;
  readonly overrides: ClusterOverrides | undefined;
  readonly cache: AnalysisCache;
  readonly traces: boolean;
  readonly thresholds: SeverityThresholds;
}

/** One listener's frontend, its analysis and the notices it gives, before they are told once across listeners (`assemble`). */
export interface ListenerAnalysis {
  readonly frontend: Frontend;
  /** Undefined when analysing it failed (`failure` says why). */
  readonly entry?: FrontendEntry;
  /** How AWS treats its target group's written values: told once per target group. */
  readonly targetGroupNotices: readonly Notice[];
  /** Node selectors and attached targets that could not be used. */
  readonly clusterNotices: readonly Notice[];
  /** Targets unknown: told once per place and message (one target group behind two listeners). */
  readonly onceNotices: readonly Notice[];
  readonly failure?: Notice;
  /** What was assumed about its backend (link/backend.ts): told for all frontends' PROXY headers first, then idle timeouts. */
  readonly assumed: { readonly proxy: readonly Notice[]; readonly idle: readonly Notice[] };
}

/** Links a listener and analyses its frontend: undefined when its load balancer or target group is not in the workspace. */
export function analyseListener(listener: ListenerModel, inputs: ListenerInputs): ListenerAnalysis | undefined {
  const linked = linkListener(listener, inputs.context);
  if (!linked) return undefined;
  const { frontend, notices: targetGroupNotices } = inputs.effective.resolve(linked);
  const assumed = { proxy: proxyAssumptions([frontend]), idle: idleAssumptions([frontend]) };
  // One frontend's failure must not take down the others: it becomes a notice on that frontend.
  try {
    const cluster = clusterOf(frontend, inputs);
    const entry = analyseFrontend(frontend, cluster.entry, inputs.cache, inputs.traces, inputs.thresholds);
    return { frontend, entry, targetGroupNotices, clusterNotices: cluster.notices, onceNotices: cluster.once, assumed };
  } catch (err) {
    const failure: Notice = { file: frontend.file, span: frontend.head, level: 'error', message: `Internal error while analysing ${frontend.name}: ${(err as Error).message}` };
    return { frontend, targetGroupNotices, clusterNotices: [], onceNotices: [], failure, assumed };
  }
}

/** The cluster one frontend is simulated in, with what could not be used of its node selector and attachments. */
function clusterOf(frontend: Frontend, inputs: ListenerInputs): { entry: ClusterEntry; notices: readonly Notice[]; once: readonly Notice[] } {
  const { given, cache, workspace, overrides } = inputs;
  const shared = given ?? cache.cluster(inputs.clusterInputs, backendWorkload(frontend, inputs.context.backends.workloads), () => clusterFor(frontend, workspace, overrides));
  // A node selector makes the cluster this frontend's own: which nodes are targets, and who calls from them.
  const selected = withTargetNodes(frontend, shared.cluster);
  const attached = withAttachedTargets(frontend, selected.cluster);
  // Nothing says what the targets are: no invented cluster, only what holds for any targets.
  const own = withUnknownTargets(frontend, attached.cluster, overrides, !!given);
  const entry = own.cluster === shared.cluster ? shared : { cluster: own.cluster, json: JSON.stringify(own.cluster) };
  return { entry, notices: [...selected.notices, ...attached.notices], once: own.notices };
}

/**
 * The listeners' analyses in workspace order, with their notices told once: a target group's by the
 * first listener behind it, a notice on the same place with the same message once.
 */
export function assemble(listeners: ListenerAnalysis[], workspaceNotices: readonly Notice[]): { frontends: FrontendAnalysis[]; findings: Finding[]; notices: Notice[] } {
  const byFrontend = new Map(listeners.map((l) => [l.frontend, l]));
  const ordered = sortFrontends(listeners.map((l) => l.frontend)).map((f) => byFrontend.get(f)!);
  const failed: Notice[] = [...workspaceNotices];
  const seen = new Set<string>();
  for (const l of ordered) {
    if (seen.has(l.frontend.targetGroup.id)) continue;
    seen.add(l.frontend.targetGroup.id);
    failed.push(...l.targetGroupNotices);
  }
  const told = new Set<string>();
  const entries: FrontendEntry[] = [];
  for (const l of ordered) {
    failed.push(...l.clusterNotices);
    for (const n of l.onceNotices) {
      const key = `${n.file}\0${n.span?.start}\0${n.message}`;
      if (!told.has(key)) failed.push(n);
      told.add(key);
    }
    if (l.failure) failed.push(l.failure);
    else entries.push(l.entry!);
  }
  return {
    frontends: entries.map((e) => e.analysis),
    findings: perTargetGroup(entries),
    notices: [...ordered.flatMap((l) => l.assumed.proxy), ...ordered.flatMap((l) => l.assumed.idle), ...failed],
  };
}

/**
 * One frontend's simulation, what-ifs and findings, kept while its input key is the same: the facts it
 * was joined from (by identity), the rest of the resolved frontend (spans included, since findings point
 * at them), its cluster and the options. A changed frontend usually still hits the scenario memo.
 */
function analyseFrontend(frontend: Frontend, cluster: { cluster: ClusterFacts; json: string }, cache: AnalysisCache, traces: boolean, thresholds: SeverityThresholds): FrontendEntry {
  const { loadBalancer, targetGroup, listener, service, ...own } = frontend;
  const key: FrontendKey = { facts: [loadBalancer, targetGroup, listener, service], own, options: [traces, thresholds], cluster: cluster.json };
  const known = cache.frontends.get(frontend.id);
  if (known && sameKey(known.key, key)) return known.entry;
  const analysis: FrontendAnalysis = { frontend, cluster: cluster.cluster, ...simulateFrontend(frontend, cluster.cluster, cache, traces) };
  const findings: Finding[] = [];
  for (const rule of RULES) {
    for (const draft of rule.check(analysis)) {
      findings.push({ ...draft, ruleId: rule.meta.id, ruleName: rule.meta.name, severity: rule.meta.fixedSeverity ?? severityOf(draft.probability, thresholds), frontendId: frontend.id });
    }
  }
  const entry = { analysis, findings };
  cache.frontends.set(frontend.id, { key, entry });
  return entry;
}

function simulateFrontend(frontend: FrontendAnalysis['frontend'], cluster: ClusterFacts, cache: AnalysisCache, traces: boolean): SimulationEntry {
  const memo = cache.simulations;
  const scenario = scenarioOf(frontend, cluster);
  const clients = cluster.clients.value;
  const inputs = {
    concurrentConnections: cluster.workload.concurrentConnectionsPerSource.value,
    sourcePorts: cluster.workload.sourcePorts.value,
  };
  const key = joinedKey(scenarioJson(scenario), '|', JSON.stringify([clients, inputs, traces]));
  const cached = memo.get(key);
  if (cached) return { simulation: cached.simulation, whatIfs: cached.whatIfs };
  // Without traces the frontend's own simulation is probabilities only: like the what-ifs it is shared by
  // every NLB of this shape (stand-in ports in its representative traces), labelled with its own scenario.
  // The what-ifs change settings, never the network: they reuse the frontend's topology (kept for them,
  // as building it again costs more than keeping it). Each is simulated when first read (lazyWhatIfs).
  const topology = oneNetwork();
  const simulation = traces ? simulate(scenario, clients, inputs) : { ...probabilitiesMemo(cache, withStandInPorts(scenario), clients, inputs, topology), scenario };
  const result: SimulationEntry = { simulation, whatIfs: lazyWhatIfs(scenario, clients, inputs, (s, c, i) => probabilitiesMemo(cache, withStandInPorts(s), c, i, topology)), ...(traces ? {} : { shared: true as const }) };
  memo.set(key, result);
  return { simulation: result.simulation, whatIfs: result.whatIfs };
}

/** Topologies for scenarios that differ only in settings: the first one built, the others rebound to it. */
function oneNetwork(): (s: Scenario) => Topology {
  let network: Topology | undefined;
  return (s) => (network && rebindTopology(network, s)) ?? (network = buildTopology(s));
}

function probabilitiesMemo(cache: AnalysisCache, s: Scenario, clients: readonly ClientLocation[], inputs: CollisionInputs | undefined, topology: (s: Scenario) => Topology): SimulationResult {
  const memo = cache.simulations;
  const key = joinedKey('p:', scenarioJson(s), '|', JSON.stringify([clients, inputs ?? null]));
  const cached = memo.get(key);
  if (cached) return cached.simulation;
  // The same as probabilitiesOf, with clients' enumerations shared across scenarios where provably equal.
  const simulation = simulate(s, clients, inputs, { traces: false, enumerations: cache.enumerations, topology });
  memo.set(key, { simulation, whatIfs: [] });
  return simulation;
}
