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
import { applySuppressions, type SuppressionProblem } from './suppress/apply';
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

const KNOWN_RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.meta.id));

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
  const frontends = linkFrontends(all).map((frontend) => {
    const cluster = config.cluster ?? clusterFor(frontend, workspace, config.clusterOverrides);
    return { frontend, cluster, ...simulateFrontend(frontend, cluster, memo, config.traces !== false) };
  });
  const findings: Finding[] = [];
  for (const a of frontends) {
    for (const rule of RULES) {
      for (const draft of rule.check(a)) {
        findings.push({
          ...draft,
          ruleId: rule.meta.id,
          ruleName: rule.meta.name,
          severity: severityOf(draft.probability, config.thresholds ?? DEFAULT_THRESHOLDS),
          frontendId: a.frontend.id,
        });
      }
    }
  }
  const partlyRead = new Set(files.filter((f) => f.notices.some((n) => n.skipped)).map((f) => f.file));
  const outcome = applySuppressions(
    findings,
    files.flatMap((f) => f.suppressions ?? []),
    { knownRuleIds: KNOWN_RULE_IDS, partlyRead },
  );
  return { files, frontends, findings: outcome.findings, suppressed: outcome.suppressed, suppressionProblems: outcome.problems, notices: all.flatMap((f) => f.notices) };
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
