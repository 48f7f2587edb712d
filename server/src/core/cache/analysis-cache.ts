import { gatewayApiFacts } from '../link/gateway-api';
import { helmReleaseFacts } from '../link/helm-release-values';
import { evaluateModule, terraformModules, terraformRoots, workspaceTexts, type ModuleMember } from '../link/terraform/terraform-facts';
import type { FileFacts, Notice } from '../model/workspace';
import type { ClientLocation, ClusterFacts } from '../model/cluster';
import type { Finding, FrontendAnalysis } from '../rules/types';
import { traceIfMade, type Walk } from '../simulate/enumerate';
import type { BuiltBackendIndex } from '../link/backend';
import type { WorkspaceCluster } from '../link/cluster';
import { FieldsMemo } from './link-facts';
import { ListenerLinks } from './listener-links';
import type { ListenerAnalysis } from '../listener-analysis';
import { LruCache } from './lru';
import { sameValue } from './same-value';

export { sameValue };

/** A simulation and its what-ifs, memoised by scenario (deterministic, so sharing between frontends is safe). */
export type SimulationEntry = Pick<FrontendAnalysis, 'simulation' | 'whatIfs'> & {
  /** The simulation object is also kept under its own key (probabilities only): not weighed twice. */
  readonly shared?: true;
};

/** What linking and simulating a workspace gives, before suppressions are applied (analyze.ts). */
export interface LinkedWorkspace {
  readonly frontends: readonly FrontendAnalysis[];
  /** One per target group and rule (rules/per-target-group.ts), suppressed or not. */
  readonly findings: readonly Finding[];
  /** Notices of the facts derived from files (Terraform modules, Helm releases, Gateway API joins) and of linking. */
  readonly notices: readonly Notice[];
  /** Values files and templates a `helm_release` takes its values from: their own notices are left out. */
  readonly releaseValues: ReadonlySet<string>;
}

/** A frontend whose input key did not change keeps its analysis and findings, objects included. */
export interface FrontendEntry {
  readonly analysis: FrontendAnalysis;
  readonly findings: readonly Finding[];
}

/**
 * A frontend's input key in two parts: the facts objects it was joined from, compared by identity (facts
 * are never mutated once read, and a re-read file gives new objects), and the JSON of everything else.
 */
/** What one frontend's analysis depends on: the facts it was joined from (by identity) and the rest, by value. */
export interface FrontendKey {
  readonly facts: readonly unknown[];
  /** The resolved frontend without those facts (ports, policy, related spans), compared by value. */
  readonly own: unknown;
  readonly options: unknown;
  /** The cluster's JSON (one string per workload, shared, so usually compared by reference). */
  readonly cluster: string;
}

export function sameKey(a: FrontendKey, b: FrontendKey): boolean {
  return a.cluster === b.cluster && a.facts.length === b.facts.length && a.facts.every((f, i) => f === b.facts[i]) && sameValue(a.own, b.own) && sameValue(a.options, b.options);
}

export interface AnalysisCacheSizes {
  /** Distinct scenarios (each frontend's own plus its what-ifs, several per frontend). */
  readonly simulations?: number;
  /** Bytes, estimated as the JSON length of what is kept (representative traces make an entry tens of KB). */
  readonly simulationBytes?: number;
  /** Frontends (by id) whose analyses are kept. */
  readonly frontends?: number;
  /** Keys of client settings whose walks are shared between scenarios (each holds one walk per client location). */
  readonly enumerations?: number;
}

/**
 * Everything `analyzeFacts` can reuse from one run to the next: per-module Terraform facts, the Helm
 * releases and Gateway API joins made from them, simulations by scenario and analyses by frontend input.
 * Each derived fact is keyed on the identity of the per-file facts it came from, so a file that was not
 * re-read costs a comparison. The CLI makes a fresh one per run: one pipeline, run once.
 */
export interface ClusterEntry {
  readonly cluster: ClusterFacts;
  /** Its JSON, part of each frontend's input key. */
  readonly json: string;
}

interface ModuleEntry {
  readonly deps: ReadonlyMap<string, readonly ModuleMember[]>;
  readonly reads: ReadonlyMap<string, string | undefined>;
  readonly facts: FileFacts;
}

export class AnalysisCache {
  readonly simulations: LruCache<string, SimulationEntry>;
  /** One client's probabilities-only enumeration, by the settings it can read (simulate/shared-enumeration.ts). */
  readonly enumerations: LruCache<string, Map<ClientLocation, Walk>>;
  /** By frontend id: the last input key seen for it and what it gave. */
  readonly frontends: LruCache<string, { readonly key: FrontendKey; readonly entry: FrontendEntry }>;
  private modules = new Map<string, ModuleEntry>();
  private readonly helm = new WeakMap<FileFacts, FileFacts[]>();
  private gateway: { inputs: readonly FileFacts[]; facts: FileFacts[] } | undefined;
  /** Clusters by backend workload (identity), valid while the workspace-wide inputs (`clusterInputs`) stay the same. */
  private clusterInputs = '';
  private clusterByWorkload = new WeakMap<object, ClusterEntry>();
  private clusterWithoutWorkload: ClusterEntry | undefined;
  /**
   * The last linking and simulation of the whole workspace, with the files and options it was made
   * from: kept while every file holds the same link objects (link-facts.ts), so an edit that changed
   * only notices or suppressions does not link again. `links` counts the runs that did link.
   */
  linked: { readonly files: readonly FileFacts[]; readonly options: string; readonly stage: LinkedWorkspace } | undefined;
  links = 0;
  /** Each listener's analysis, kept while nothing its link read changed. */
  readonly listenerLinks = new ListenerLinks<ListenerAnalysis | undefined>();
  /** What the whole workspace says about the cluster (node groups, zones, CNI, workloads by label). */
  readonly workspaceCluster = new FieldsMemo<WorkspaceCluster>(['clusterHints', 'workloads']);
  /** Workloads, ConfigMaps and EnvoyFilters by what a backend is identified by. */
  readonly backendIndex = new FieldsMemo<BuiltBackendIndex>(['workloads', 'configMaps', 'envoyFilters']);

  constructor(sizes: AnalysisCacheSizes = {}) {
    // Simulations are bounded by an estimate of their memory: one with its representative traces is
    // 15-60 KB of JSON, so 64 MB keeps one to four thousand.
    this.simulations = new LruCache(sizes.simulations ?? 8192, { max: sizes.simulationBytes ?? 64 * 1024 * 1024, of: (e) => (e.shared ? 1000 : estimatedBytes(e.simulation)) });
    // First-attempt traces only: a few KB each.
    this.enumerations = new LruCache(sizes.enumerations ?? 8192);
    // A frontend entry shares its simulations with the memo above; the count bounds stale ones (a frontend renamed or deleted).
    this.frontends = new LruCache(sizes.frontends ?? 2048);
  }

  /**
   * A frontend's cluster depends on its backend workload and on workspace-wide inputs (zones, CNI,
   * `.hairpin.yaml`): made and serialised once per workload while those inputs hold, across analyses.
   */
  cluster(inputs: string, workload: object | undefined, make: () => ClusterFacts): ClusterEntry {
    if (inputs !== this.clusterInputs) {
      this.clusterInputs = inputs;
      this.clusterByWorkload = new WeakMap();
      this.clusterWithoutWorkload = undefined;
    }
    const known = workload ? this.clusterByWorkload.get(workload) : this.clusterWithoutWorkload;
    if (known) return known;
    const cluster = make();
    const entry = { cluster, json: JSON.stringify(cluster) };
    if (workload) this.clusterByWorkload.set(workload, entry);
    else this.clusterWithoutWorkload = entry;
    return entry;
  }

  /**
   * One FileFacts per Terraform module folder; a module is evaluated again only when one of its files
   * changed, or a values file or template it read (or looked for) did.
   */
  terraform(files: readonly FileFacts[], withTexts: readonly FileFacts[] = files): FileFacts[] {
    const next = new Map<string, ModuleEntry>();
    const modules = terraformModules(files);
    // Every file's text, gathered only when a module reads one or is evaluated again.
    let texts: Map<string, string> | undefined;
    const allTexts = () => (texts ??= workspaceTexts(withTexts));
    for (const folder of terraformRoots(modules)) {
      // A root is evaluated again when a file of it, or of a local module it calls, changed.
      const known = this.modules.get(folder);
      if (known && [...known.deps].every(([f, members]) => sameMembers(members, modules.get(f) ?? [])) && [...known.reads].every(([p, text]) => allTexts().get(p) === text)) {
        next.set(folder, known);
        continue;
      }
      const evaluated = evaluateModule(folder, modules, allTexts());
      next.set(folder, { deps: new Map(evaluated.folders.map((f) => [f, modules.get(f) ?? []])), reads: evaluated.reads, facts: evaluated.facts });
    }
    // Folders that are gone are forgotten: this map never outgrows the workspace.
    this.modules = next;
    return [...next.values()].map((m) => m.facts);
  }

  /**
   * Whether every values file and template a module read still has the text it read. A file's text is
   * not a link fact (link-facts.ts): most YAML files are read by no module, and typing in them must not
   * re-link the workspace. Only the texts modules read are compared.
   */
  readsHold(files: readonly FileFacts[]): boolean {
    let texts: Map<string, string> | undefined;
    for (const m of this.modules.values()) {
      for (const [path, text] of m.reads) if ((texts ??= workspaceTexts(files)).get(path) !== text) return false;
    }
    return true;
  }

  /** `helm_release` gateways, per module facts object (a new module evaluation means new releases). */
  helmReleases(modules: readonly FileFacts[]): FileFacts[] {
    return modules.flatMap((m) => {
      let out = this.helm.get(m);
      if (!out) this.helm.set(m, (out = helmReleaseFacts([m])));
      return out;
    });
  }

  /**
   * Gateway API joins read gateways, configurations, routes and Services: joined again only when a file
   * holding one of them was re-read. Without any gateway, Services do not matter and are not tracked.
   */
  gatewayApi(files: readonly FileFacts[]): FileFacts[] {
    const gatewayFiles = files.filter((f) => f.gatewayApi);
    const inputs = gatewayFiles.length === 0 ? gatewayFiles : files.filter((f) => f.gatewayApi || f.services.length > 0);
    if (this.gateway && sameFacts(this.gateway.inputs, inputs)) return this.gateway.facts;
    this.gateway = { inputs, facts: gatewayApiFacts(files) };
    return this.gateway.facts;
  }
}

/** About 180 bytes of JSON per trace step (measured on the example's results), plus the rest; counting is cheap, serialising is not. */
function estimatedBytes(simulation: SimulationEntry['simulation']): number {
  let steps = 0;
  for (const c of simulation.clients) for (const m of c.modes) for (const h of traceIfMade(m)?.hops ?? []) steps += h.steps.length;
  return 1000 + 180 * steps;
}

function sameMembers(a: readonly ModuleMember[], b: readonly ModuleMember[]): boolean {
  return a.length === b.length && a.every((m, i) => m.file === b[i]!.file && m.syntax === b[i]!.syntax);
}

function sameFacts(a: readonly FileFacts[], b: readonly FileFacts[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}
