import { linkFrontends } from './link/frontends';
import { gatewayApiFacts } from './link/gateway-api';
import { helmReleaseFacts } from './link/helm-release-values';
import { terraformFacts } from './link/terraform/terraform-facts';
import type { ClusterFacts, ClusterOverrides } from './model/cluster';
import { clusterFor, workspaceCluster } from './link/cluster';
import type { FileFacts, Notice, SourceFile } from './model/workspace';
import { DEFAULT_LIMITS, type ReadLimits } from './parse/guards';
import { readFile } from './parse/read-file';
import { RULES } from './rules/registry';
import { DEFAULT_THRESHOLDS, severityOf, type SeverityThresholds } from './rules/severity';
import type { Finding, FrontendAnalysis } from './rules/types';
import { scenarioOf } from './simulate/from-frontend';
import { portFreeKey, probabilitiesOf, whatIfs } from './simulate/mitigations';
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
   * Memo of simulations by scenario, owned by a long-lived caller (the language server) so that
   * re-analysing unchanged frontends costs nothing. Simulations are deterministic, so sharing is safe.
   */
  readonly simulationCache?: Map<string, Pick<FrontendAnalysis, 'simulation' | 'whatIfs'>>;
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

/** Link and simulate already-read files; the language server calls this with its per-file cache. */
export function analyzeFacts(files: readonly FileFacts[], config: AnalysisConfig = {}): AnalysisResult {
  const modules = terraformFacts(files);
  const all = [...files, ...modules, ...helmReleaseFacts(modules), ...gatewayApiFacts(files)];
  const workspace = workspaceCluster(all);
  // Identical scenarios (the same chart in several environments) are simulated once per call.
  const memo = config.simulationCache ?? new Map();
  const failed: Notice[] = [...(workspace.notices ?? [])];
  const frontends: FrontendAnalysis[] = [];
  const findings: Finding[] = [];
  for (const frontend of linkFrontends(all)) {
    // One frontend's failure must not take down the others: it becomes a notice on that frontend.
    try {
      const cluster = config.cluster ?? clusterFor(frontend, workspace, config.clusterOverrides);
      const a: FrontendAnalysis = { frontend, cluster, ...simulateFrontend(frontend, cluster, memo, config.traces !== false) };
      findings.push(...checkFrontend(a, config));
      frontends.push(a);
    } catch (err) {
      failed.push({ file: frontend.file, span: frontend.head, level: 'error', message: `Internal error while analysing ${frontend.name}: ${(err as Error).message}` });
    }
  }
  return { files, frontends, findings, notices: [...all.flatMap((f) => f.notices), ...failed] };
}

function checkFrontend(a: FrontendAnalysis, config: AnalysisConfig): Finding[] {
  return RULES.flatMap((rule) =>
    rule.check(a).map((draft) => ({
      ...draft,
      ruleId: rule.meta.id,
      ruleName: rule.meta.name,
      severity: severityOf(draft.probability, config.thresholds ?? DEFAULT_THRESHOLDS),
      frontendId: a.frontend.id,
    })),
  );
}

function simulateFrontend(frontend: FrontendAnalysis['frontend'], cluster: ClusterFacts, memo: NonNullable<AnalysisConfig['simulationCache']>, traces: boolean) {
  const scenario = scenarioOf(frontend, cluster);
  const clients = cluster.clients.value;
  const inputs = {
    concurrentConnections: cluster.workload.concurrentConnectionsPerSource.value,
    sourcePorts: cluster.workload.sourcePorts.value,
  };
  const key = JSON.stringify([scenario, clients, inputs, traces]);
  const cached = memo.get(key);
  if (cached) return cached;
  const simulation = traces ? simulate(scenario, clients, inputs) : probabilitiesMemo(memo, scenario, clients, inputs);
  const result = { simulation, whatIfs: whatIfs(scenario, clients, inputs, (s, c, i) => probabilitiesMemo(memo, s, c, i)) };
  memo.set(key, result);
  return result;
}

/** What-if results are probabilities only; scenarios that differ only in ports share them. */
function probabilitiesMemo(memo: NonNullable<AnalysisConfig['simulationCache']>, s: Scenario, clients: readonly ClientLocation[], inputs: CollisionInputs | undefined): SimulationResult {
  const key = `p:${portFreeKey(s, clients, inputs)}`;
  const cached = memo.get(key);
  if (cached) return cached.simulation;
  const simulation = probabilitiesOf(s, clients, inputs);
  memo.set(key, { simulation, whatIfs: [] });
  return simulation;
}
