import { AnalysisCache, type LinkedWorkspace } from './cache/analysis-cache';
import { hasLinkFacts, sameLinkInputs } from './cache/link-facts';
import { buildBackendIndex } from './link/backend';
import { withoutReleaseValues } from './link/helm-release-values';
import { linkContext, lookupTable } from './link/frontends';
import { EffectiveTargetGroups } from './link/effective-target-group';
import { trackedLookups } from './link/read-log';
import type { ClusterFacts, ClusterOverrides } from './model/cluster';
import { workspaceCluster } from './link/cluster';
import type { FileFacts, Notice, SourceFile } from './model/workspace';
import { DEFAULT_LIMITS, type ReadLimits } from './parse/guards';
import { readFile } from './parse/read-file';
import { RULES } from './rules/registry';
import { applySuppressions, type SuppressionProblem } from './suppress/apply';
import { DEFAULT_THRESHOLDS, type SeverityThresholds } from './rules/severity';
import type { Finding, FrontendAnalysis } from './rules/types';
import { analyseListener, assemble, type ListenerAnalysis, type ListenerInputs } from './listener-analysis';

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
  const backends = cache.backendIndex.get(all, () => buildBackendIndex(all, workspace.workloadIndex));
  // Each listener is linked and analysed again only when a lookup it made answers differently (cache/listener-links.ts).
  const links = cache.listenerLinks;
  const table = lookupTable(all, backends);
  links.begin(table, `${clusterInputs}\0${given?.json ?? ''}\0${JSON.stringify([traces, thresholds, config.clusterOverrides ?? null])}`);
  const context = linkContext(trackedLookups(table, links.log));
  const inputs: ListenerInputs = { context, effective: new EffectiveTargetGroups(config.clusterOverrides?.cloudProviderAwsVersion), workspace, given, clusterInputs, overrides: config.clusterOverrides, cache, traces, thresholds };
  const linked: ListenerAnalysis[] = [];
  for (const f of all) {
    for (const listener of f.listeners) {
      const one = links.get(listener, () => analyseListener(listener, inputs));
      if (one) linked.push(one);
    }
  }
  links.end();
  const stage = assemble(linked, workspace.notices ?? []);
  return { ...stage, notices: [...derived.flatMap((f) => f.notices), ...stage.notices], releaseValues };
}
