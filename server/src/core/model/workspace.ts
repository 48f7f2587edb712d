import type { SuppressionDirective } from '../suppress/directive';
import type { Span } from '../text/span';
import type { AttachedTarget } from './frontend';
import type { ListenerModel, LoadBalancerModel, TargetGroupModel } from './nlb';
import type { GatewayApiFacts } from './gateway-api';
import type { ChartDependencyFact, ClusterHint, ConfigMapFact, EnvoyFilterFact, TargetGroupBindingFact, WorkloadFact } from './kubernetes';
import type { ServiceFact } from './service';
import type { TerraformFileFacts } from './terraform';

/** A file the caller passes in: core never reads files itself. */
export interface SourceFile {
  /** The file's identity in every span: a path for the CLI, a URI for the language server. */
  readonly path: string;
  readonly text: string;
  /** Language hint from an editor, for documents whose name says nothing (untitled buffers). */
  readonly language?: 'yaml';
}

/** Something the user should know about a file that was skipped or only partly read. */
export interface Notice {
  readonly file: string;
  readonly level: 'info' | 'warning' | 'error';
  readonly message: string;
  readonly span?: Span;
  /** Set when Hairpin did not read a whole file, or one document of it. */
  readonly skipped?: 'file' | 'document';
}

/** Everything one reader learned from one file. */
export interface FileFacts {
  readonly file: string;
  readonly services: ServiceFact[];
  readonly loadBalancers: LoadBalancerModel[];
  readonly targetGroups: TargetGroupModel[];
  readonly listeners: ListenerModel[];
  readonly targetGroupBindings: TargetGroupBindingFact[];
  readonly workloads: WorkloadFact[];
  readonly clusterHints: ClusterHint[];
  /** Chart.yaml dependencies (umbrella charts), to tie values to the chart they configure. */
  chartDependencies?: ChartDependencyFact[];
  /** ConfigMaps (ingress-nginx settings), joined to their controller in link/backend.ts. */
  configMaps?: ConfigMapFact[];
  /** Istio EnvoyFilters (the gateway's idle timeout and keepalive), joined in link/backend.ts. */
  envoyFilters?: EnvoyFilterFact[];
  /** Gateway API documents, joined across files in link/gateway-api.ts. */
  gatewayApi?: GatewayApiFacts;
  /**
   * Targets this file registers on its target groups outside Terraform: CloudFormation `Targets` and an
   * Auto Scaling group's `TargetGroupARNs`, CDK `targets:` / `addTargets` / `addTarget` (link/attached-targets.ts).
   */
  attachedTargets?: TargetAttachmentFact[];
  readonly notices: Notice[];
  /** Raw Terraform facts: per file from the reader, per module from link/terraform. */
  readonly terraform?: TerraformFileFacts;
  /** `hairpin-ignore` comments and `hairpin.io/ignore` annotations, applied after the rules run. */
  suppressions?: SuppressionDirective[];
  /**
   * The text of a YAML or template file, kept for Terraform's `file()` / `templatefile()`: a
   * `helm_release` may read it as chart values (link/terraform/file-functions.ts).
   */
  readonly text?: string;
}

/** One target registered on a target group (by its model id). */
export interface TargetAttachmentFact {
  readonly targetGroupId: string;
  readonly target: AttachedTarget;
}

/**
 * The same facts as one object of one fixed layout: every field present (absent ones as undefined),
 * always in this order. Readers build facts field by field, which gives nearly every file's object a
 * hidden class of its own; every pass over the workspace (linking, indexes, the language server's
 * comparisons) then reads fields through megamorphic lookups, several times slower than through one
 * layout. Readers, derived facts and the language server's kept facts all end here.
 */
export function withFixedLayout(f: FileFacts): FileFacts {
  return {
    file: f.file,
    services: f.services,
    loadBalancers: f.loadBalancers,
    targetGroups: f.targetGroups,
    listeners: f.listeners,
    targetGroupBindings: f.targetGroupBindings,
    workloads: f.workloads,
    clusterHints: f.clusterHints,
    chartDependencies: f.chartDependencies,
    configMaps: f.configMaps,
    envoyFilters: f.envoyFilters,
    gatewayApi: f.gatewayApi,
    attachedTargets: f.attachedTargets,
    notices: f.notices,
    terraform: f.terraform,
    suppressions: f.suppressions,
    text: f.text,
  };
}

/** A file that says nothing yet, in the fixed layout (withFixedLayout), so readers fill fields without changing it. */
export function emptyFacts(file: string): FileFacts {
  return withFixedLayout({ file, services: [], loadBalancers: [], targetGroups: [], listeners: [], targetGroupBindings: [], workloads: [], clusterHints: [], notices: [] });
}
