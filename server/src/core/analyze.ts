import { AnalysisCache, type FrontendEntry, type SimulationEntry } from './cache/analysis-cache';
import type { LruCache } from './cache/lru';
import { linkFrontends } from './link/frontends';
import type { ClusterFacts, ClusterOverrides } from './model/cluster';
import { clusterFor, workspaceCluster } from './link/cluster';
import type { FileFacts, Notice, SourceFile } from './model/workspace';
import { DEFAULT_LIMITS, type ReadLimits } from './parse/guards';
import { readFile } from './parse/read-file';
import { RULES } from './rules/registry';
import { DEFAULT_THRESHOLDS, severityOf, type SeverityThresholds } from './rules/severity';
import type { Finding, FrontendAnalysis } from './rules/types';
import { scenarioOf } from './simulate/from-frontend';
import { probabilitiesOf, whatIfs, withStandInPorts } from './simulate/mitigations';
import type { CollisionInputs } from './simulate/collision';
import type { Scenario } from './simulate/scenario';
import type { ClientLocation } from './model/cluster';
import { simulate, type SimulationResult } from './simulate/simulate';

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
  readonly findings: readonly Finding[];
  readonly notices: readonly Notice[];
}

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
  const cache = config.cache ?? new AnalysisCache();
  const modules = cache.terraform(files);
  const all = [...files, ...modules, ...cache.helmReleases(modules), ...cache.gatewayApi(files)];
  const workspace = workspaceCluster(all);
  const traces = config.traces !== false;
  const thresholds = config.thresholds ?? DEFAULT_THRESHOLDS;
  const entries = linkFrontends(all).map((frontend) => {
    const cluster = config.cluster ?? clusterFor(frontend, workspace, config.clusterOverrides);
    return analyseFrontend(frontend, cluster, cache, traces, thresholds);
  });
  return { files, frontends: entries.map((e) => e.analysis), findings: entries.flatMap((e) => e.findings), notices: all.flatMap((f) => f.notices) };
}

/**
 * One frontend's simulation, what-ifs and findings, keyed by everything they depend on: the resolved
 * frontend (spans included, since findings point at them), its cluster, and the options. An unchanged
 * frontend is a cache hit and keeps its objects; a changed one usually still hits the scenario memo.
 */
function analyseFrontend(frontend: FrontendAnalysis['frontend'], cluster: ClusterFacts, cache: AnalysisCache, traces: boolean, thresholds: SeverityThresholds): FrontendEntry {
  const key = JSON.stringify([frontend, cluster, traces, thresholds]);
  const known = cache.frontends.get(key);
  if (known) return known;
  const analysis: FrontendAnalysis = { frontend, cluster, ...simulateFrontend(frontend, cluster, cache.simulations, traces) };
  const findings: Finding[] = [];
  for (const rule of RULES) {
    for (const draft of rule.check(analysis)) {
      findings.push({ ...draft, ruleId: rule.meta.id, ruleName: rule.meta.name, severity: severityOf(draft.probability, thresholds), frontendId: frontend.id });
    }
  }
  const entry = { analysis, findings };
  cache.frontends.set(key, entry);
  return entry;
}

type SimulationMemo = LruCache<string, SimulationEntry>;

function simulateFrontend(frontend: FrontendAnalysis['frontend'], cluster: ClusterFacts, memo: SimulationMemo, traces: boolean): SimulationEntry {
  const scenario = scenarioOf(frontend, cluster);
  const clients = cluster.clients.value;
  const inputs = {
    concurrentConnections: cluster.workload.concurrentConnectionsPerSource.value,
    sourcePorts: cluster.workload.sourcePorts.value,
  };
  const key = JSON.stringify([scenario, clients, inputs, traces]);
  const cached = memo.get(key);
  if (cached) return cached;
  // Without traces the frontend's own simulation is probabilities only, but with its own ports (they show in the output).
  const simulation = traces ? simulate(scenario, clients, inputs) : probabilitiesMemo(memo, scenario, clients, inputs);
  const result = { simulation, whatIfs: whatIfs(scenario, clients, inputs, (s, c, i) => probabilitiesMemo(memo, withStandInPorts(s), c, i)) };
  memo.set(key, result);
  return result;
}

function probabilitiesMemo(memo: SimulationMemo, s: Scenario, clients: readonly ClientLocation[], inputs: CollisionInputs | undefined): SimulationResult {
  const key = `p:${JSON.stringify([s, clients, inputs ?? null])}`;
  const cached = memo.get(key);
  if (cached) return cached.simulation;
  const simulation = probabilitiesOf(s, clients, inputs);
  memo.set(key, { simulation, whatIfs: [] });
  return simulation;
}
