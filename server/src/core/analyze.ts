import { AnalysisCache, sameKey, type FrontendEntry, type FrontendKey, type LinkedWorkspace, type SimulationEntry } from './cache/analysis-cache';
import { hasLinkFacts, sameLinkInputs } from './cache/link-facts';
import { backendAssumptions, buildBackendIndex } from './link/backend';
import { withoutReleaseValues } from './link/helm-release-values';
import { linkFrontends } from './link/frontends';
import { EffectiveTargetGroups } from './link/effective-target-group';
import { perTargetGroup } from './rules/per-target-group';
import type { ClusterFacts, ClusterOverrides } from './model/cluster';
import { backendWorkload, clusterFor, workspaceCluster } from './link/cluster';
import { withAttachedTargets } from './link/attached-targets';
import { withUnknownTargets } from './link/unknown-targets';
import { withTargetNodes } from './link/target-nodes';
import type { Frontend } from './model/frontend';
import type { FileFacts, Notice, SourceFile } from './model/workspace';
import { DEFAULT_LIMITS, type ReadLimits } from './parse/guards';
import { readFile } from './parse/read-file';
import { RULES } from './rules/registry';
import { applySuppressions, type SuppressionProblem } from './suppress/apply';
import { DEFAULT_THRESHOLDS, severityOf, type SeverityThresholds } from './rules/severity';
import type { Finding, FrontendAnalysis } from './rules/types';
import { scenarioOf } from './simulate/from-frontend';
import { lazyWhatIfs, withStandInPorts } from './simulate/mitigations';
import type { CollisionInputs } from './simulate/collision';
import type { Scenario } from './simulate/scenario';
import type { ClientLocation } from './model/cluster';
import { simulate, type SimulationResult } from './simulate/simulate';
import { buildTopology, rebindTopology, type Topology } from './simulate/topology';
import { joinedKey, scenarioJson } from './simulate/scenario-key';

export interface AnalysisConfig {
  /** A complete cluster description: used as is for every frontend (tests, what-if tools). */
  readonly cluster?: ClusterFacts;
  /** What `.hairpin.yaml` says; layered over what the workspace implies and the built-in assumptions. */
  readonly clusterOverrides?: ClusterOverrides;
  readonly limits?: ReadLimits;
  readonly thresholds?: SeverityThresholds;
  /**
   * What a long-lived caller (the language server) keeps between runs: module facts, joins, simulations
   * by scenario and analyses by frontend input, so re-analysing after one edit redoes only what it touched.
   * Without one, a fresh cache serves this run alone (the CLI): the same pipeline, run once.
   */
  readonly cache?: AnalysisCache;
  /**
   * Whether results carry full handshake traces (with retransmissions and the collision trace). Findings
   * do not need them: `check` and diagnostics skip them, `simulate` and the diagram ask for them.
   */
  readonly traces?: boolean;
}

export interface AnalysisResult {
  readonly files: readonly FileFacts[];
  readonly frontends: readonly FrontendAnalysis[];
  /** Findings no suppression covers: what editors show and what `check --fail-on` counts. */
  readonly findings: readonly Finding[];
  readonly notices: readonly Notice[];
  /**
   * Findings a `hairpin-ignore` comment or `hairpin.io/ignore` annotation covers, each with its
   * `suppression`. Always set by `analyze()`; optional only so that an empty placeholder result needs no value.
   */
  readonly suppressed?: readonly Finding[];
  /** HP001 unused, HP002 without a reason, HP003 unknown rule: problems of the suppressions themselves. */
  readonly suppressionProblems?: readonly SuppressionProblem[];
}

/**
 * A cache made for one run (the CLI) keeps every simulation and walk: the run's results keep most of them
 * reachable anyway (each frontend's own simulation and, through its unread what-ifs, the cache), so a
 * bound saves little memory and makes an evicted scenario be simulated again when another NLB of its
 * shape comes (about 4,000 times at 10,000 NLBs). Frontend entries keep their bound: one run reads each once.
 */
const RUN_ALONE = { simulations: Number.MAX_SAFE_INTEGER, simulationBytes: Number.MAX_SAFE_INTEGER, enumerations: Number.MAX_SAFE_INTEGER } as const;

const KNOWN_RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.meta.id));

/** The facade: files in, model, findings and traces out. Pure: callers read the files. */
export function analyze(files: readonly SourceFile[], config: AnalysisConfig = {}): AnalysisResult {
  const limits = config.limits ?? DEFAULT_LIMITS;
  return analyzeFacts(
    files.map((f) => readFile(f, limits)),
    config,
  );
}

/** Link and simulate already-read files; the language server calls this with its per-file facts and its cache. */
export function analyzeFacts(files: readonly FileFacts[], config: AnalysisConfig = {}): AnalysisResult {
  const cache = config.cache ?? new AnalysisCache(RUN_ALONE);
  const traces = config.traces !== false;
  const thresholds = config.thresholds ?? DEFAULT_THRESHOLDS;
  // An edit that changed only notices or suppressions (every file holds the same link objects) keeps the last links.
  const options = JSON.stringify([traces, thresholds, config.clusterOverrides ?? null, config.cluster ?? null]);
  const known = cache.linked;
  const stage = known && known.options === options && sameLinkInputs(known.files, files) && cache.readsHold(files) ? known.stage : linkWorkspace(files, config, cache, traces, thresholds);
  cache.linked = { files, options, stage };
  // A values file a helm_release reads is that release's values: what it says alone is left out (its suppressions stay).
  const own = stage.releaseValues.size === 0 ? files : files.filter((f) => !stage.releaseValues.has(f.file));
  const partlyRead = new Set(own.filter((f) => f.notices.some((n) => n.skipped)).map((f) => f.file));
  const outcome = applySuppressions(
    stage.findings,
    files.flatMap((f) => f.suppressions ?? []),
    { knownRuleIds: KNOWN_RULE_IDS, partlyRead },
  );
  return {
    files,
    frontends: stage.frontends,
    findings: outcome.findings,
    suppressed: outcome.suppressed,
    suppressionProblems: outcome.problems,
    notices: [...own.flatMap((f) => f.notices), ...stage.notices],
  };
}

/** Joins the files into frontends, simulates each and runs the rules: everything but suppressions and the files' own notices. */
function linkWorkspace(files: readonly FileFacts[], config: AnalysisConfig, cache: AnalysisCache, traces: boolean, thresholds: SeverityThresholds): LinkedWorkspace {
  cache.links++;
  // Files that say nothing to linking (a .py script, an unrelated YAML) add nothing to any join: left out of every pass.
  const linkable = files.filter(hasLinkFacts);
  // Values files and templates are read by their text, which is not a link fact: modules get every file's.
  const modules = cache.terraform(linkable, files);
  const mapped = withoutReleaseValues(files, modules);
  const releaseValues = new Set(mapped.filter((f, i) => f !== files[i]).map((f) => f.file));
  const own = releaseValues.size === 0 ? linkable : mapped.filter(hasLinkFacts);
  const derived = [...modules, ...cache.helmReleases(modules), ...cache.gatewayApi(own)];
  const all = [...own, ...derived];
  const workspace = cache.workspaceCluster.get(all, () => workspaceCluster(all));
  // A frontend's cluster depends only on its backend workload and the workspace-wide inputs: the cache
  // makes (and serialises for keys) one per workload, and keeps it across analyses while those hold.
  const given = config.cluster && { cluster: config.cluster, json: JSON.stringify(config.cluster) };
  const clusterInputs = given ? '' : JSON.stringify([workspace.zones ?? null, workspace.cni ?? null, workspace.labels ?? null, config.clusterOverrides ?? null]);
  const failed: Notice[] = [...(workspace.notices ?? [])];
  const told = new Set<string>();
  const clusterOf = (frontend: Frontend) => {
    const shared = given ?? cache.cluster(clusterInputs, backendWorkload(frontend, workspace.workloadIndex!), () => clusterFor(frontend, workspace, config.clusterOverrides));
    // A node selector makes the cluster this frontend's own: which nodes are targets, and who calls from them.
    const selected = withTargetNodes(frontend, shared.cluster);
    const attached = withAttachedTargets(frontend, selected.cluster);
    // Nothing says what the targets are: no invented cluster, only what holds for any targets.
    const own = withUnknownTargets(frontend, attached.cluster, config.clusterOverrides, !!given);
    failed.push(...selected.notices, ...attached.notices);
    // One target group behind two listeners is told once.
    for (const n of own.notices) {
      const key = `${n.file}\0${n.span?.start}\0${n.message}`;
      if (!told.has(key)) failed.push(n);
      told.add(key);
    }
    return own.cluster === shared.cluster ? shared : { cluster: own.cluster, json: JSON.stringify(own.cluster) };
  };
  const entries: FrontendEntry[] = [];
  const effective = new EffectiveTargetGroups(config.clusterOverrides?.cloudProviderAwsVersion);
  const resolved = new Set<string>();
  const backends = cache.backendIndex.get(all, () => buildBackendIndex(all, workspace.workloadIndex));
  const frontends = linkFrontends(all, backends).map((linked) => effective.resolve(linked, resolved, failed));
  const assumptions = backendAssumptions(frontends);
  for (const frontend of frontends) {
    // One frontend's failure must not take down the others: it becomes a notice on that frontend.
    try {
      entries.push(analyseFrontend(frontend, clusterOf(frontend), cache, traces, thresholds));
    } catch (err) {
      failed.push({ file: frontend.file, span: frontend.head, level: 'error', message: `Internal error while analysing ${frontend.name}: ${(err as Error).message}` });
    }
  }
  return {
    frontends: entries.map((e) => e.analysis),
    findings: perTargetGroup(entries),
    notices: [...derived.flatMap((f) => f.notices), ...assumptions, ...failed],
    releaseValues,
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
  // as building it again costs more than keeping it).
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
