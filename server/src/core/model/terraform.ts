import type { Span } from '../text/span';
import type { Sourced } from './sourced';

/**
 * Raw Terraform facts. `readTerraformFile` turns one .tf/.tfvars file into a `TfFileSyntax` (the blocks
 * and attributes that can matter, with spans, nothing evaluated), so that one changed file can be
 * re-read alone; `terraformFacts` evaluates each module folder and adds a `TfModuleFacts` for what the
 * shared model has no field for yet.
 */
export type TerraformFileFacts = TfFileSyntax | TfModuleFacts;

export interface TfFileSyntax {
  readonly kind: 'file';
  /** The module folder (the file's directory): files of one folder are evaluated together. */
  readonly folder: string;
  /** `tfvars` for .tfvars files, whose top-level attributes set variables. */
  readonly variant: 'tf' | 'tfvars';
  readonly body: TfBody;
}

/** An HCL body: attributes and nested blocks in source order. */
export interface TfBody {
  readonly attributes: readonly TfAttribute[];
  readonly blocks: readonly TfBlock[];
}

export interface TfAttribute {
  readonly name: string;
  readonly nameSpan: Span;
  readonly value: TfExpr;
  /** From the name to the end of the value. */
  readonly span: Span;
}

export interface TfLabel {
  readonly value: string;
  readonly span: Span;
}

export interface TfBlock {
  readonly type: string;
  readonly labels: readonly TfLabel[];
  /** The header: `resource "aws_lb" "this"`. */
  readonly head: Span;
  readonly span: Span;
  /** Undefined when the reader skipped the body (a resource type nothing looks at). */
  readonly body?: TfBody;
  /**
   * Set when a syntax error cut the block short: only what came before the error was read, so an
   * attribute missing from it may still be written.
   */
  readonly brokenAt?: Span;
}

/** One part of a string template: literal text (escapes decoded) or an interpolation. */
export type TfTemplatePart =
  | { readonly kind: 'text'; readonly value: string; /** Offset of value[0] when the text is the source unchanged. */ readonly exactStart?: number }
  | { readonly kind: 'interpolation'; readonly expr: TfExpr };

export type TfStep = { readonly kind: 'attr'; readonly name: string } | { readonly kind: 'index'; readonly key: TfExpr } | { readonly kind: 'splat' };

export interface TfObjectItem {
  readonly key: TfExpr;
  readonly value: TfExpr;
}

/** HCL expressions as written. What the evaluator does not understand is kept as `other`, with what it is. */
export type TfExpr =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null; readonly span: Span; readonly exactStart?: number }
  | { readonly kind: 'template'; readonly parts: readonly TfTemplatePart[]; readonly span: Span }
  | { readonly kind: 'object'; readonly items: readonly TfObjectItem[]; readonly span: Span }
  | { readonly kind: 'tuple'; readonly items: readonly TfExpr[]; readonly span: Span }
  /** `var.x`, `local.y["k"]`, `aws_lb.this.arn`: a name and the steps after it. */
  | { readonly kind: 'traversal'; readonly root: string; readonly steps: readonly TfStep[]; readonly span: Span }
  /** Steps applied to something other than a name: `lookup(m, "k").x`, `{...}["k"]`, `(var.x).y`. */
  | { readonly kind: 'access'; readonly base: TfExpr; readonly steps: readonly TfStep[]; readonly span: Span }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly TfExpr[]; readonly expand: boolean; readonly span: Span }
  | { readonly kind: 'conditional'; readonly condition: TfExpr; readonly then: TfExpr; readonly otherwise: TfExpr; readonly span: Span }
  | { readonly kind: 'unary'; readonly op: string; readonly operand: TfExpr; readonly span: Span }
  | { readonly kind: 'binary'; readonly op: string; readonly left: TfExpr; readonly right: TfExpr; readonly span: Span }
  | { readonly kind: 'other'; readonly what: string; readonly span: Span };

/** What evaluating a module yields beyond the shared model (listeners' idle timeouts, attachments, Helm values). */
export interface TfModuleFacts {
  readonly kind: 'module';
  readonly folder: string;
  /** The module's files, in the order they were evaluated. */
  readonly files: readonly string[];
  readonly listeners: readonly TfListenerFact[];
  readonly attachments: readonly TfAttachmentFact[];
  readonly helmReleases: readonly TfHelmReleaseFact[];
}

export interface TfListenerFact {
  /** The id of the ListenerModel it belongs to (one per forwarded target group). */
  readonly listenerIds: readonly string[];
  readonly address: string;
  readonly file: string;
  readonly head: Span;
  readonly protocol: Sourced<string>;
  /** `tcp_idle_timeout_seconds` (listener attribute `tcp.idle_timeout.seconds`); 350 s by default, fixed for TLS. */
  readonly idleTimeoutSeconds: Sourced<number>;
}

export interface TfAttachmentFact {
  readonly kind: 'target-group-attachment' | 'autoscaling-attachment';
  readonly address: string;
  readonly file: string;
  readonly head: Span;
  /** The TargetGroupModel id, when the reference resolves to a target group of this module. */
  readonly targetGroupId?: string;
  /** As written, for references that do not resolve here. */
  readonly targetGroupRef?: string;
  readonly targetId?: Sourced<string>;
  readonly port?: Sourced<number>;
  readonly autoscalingGroup?: Sourced<string>;
}

/**
 * A value with its spans, as the Helm values of a `helm_release` are recorded: maps and lists keep
 * each entry's key span; a scalar keeps the span of the literal that set it (a variable's default, a
 * tfvars line, a `set` block's value) and, when it came through a variable, `via` says how.
 */
export type TfValue =
  | { readonly kind: 'scalar'; readonly value: string | number | boolean | null; readonly span: Span; readonly via?: string; readonly assumed?: string; readonly exactStart?: number }
  /**
   * `encoded`: the argument of `yamlencode()` / `jsonencode()`. Terraform makes a string of it; it is
   * kept structured so that chart values passed through module variables keep their spans.
   */
  | { readonly kind: 'object'; readonly entries: readonly TfEntry[]; readonly span: Span; readonly via?: string; readonly assumed?: string; readonly encoded?: 'yaml' | 'json' }
  | { readonly kind: 'tuple'; readonly items: readonly TfValue[]; readonly span: Span; readonly via?: string; readonly assumed?: string; readonly encoded?: 'yaml' | 'json' }
  /** A reference to another resource or module output, known only after apply: `aws_lb.this` + `arn`. */
  | { readonly kind: 'ref'; readonly address: string; readonly attribute: string; readonly span: Span }
  /** Not knowable without running Terraform; `missing` when an object simply lacks the key. */
  | { readonly kind: 'unknown'; readonly why: string; readonly span: Span; readonly missing?: boolean };

export interface TfEntry {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: TfValue;
}

export interface TfHelmReleaseFact {
  readonly address: string;
  readonly file: string;
  readonly head: Span;
  readonly releaseName?: Sourced<string>;
  readonly chart?: Sourced<string>;
  readonly repository?: Sourced<string>;
  readonly namespace: Sourced<string>;
  /**
   * The chart values Terraform passes: `values = [yamlencode({...})]` entries deep-merged in order,
   * then `set` / `set_sensitive` blocks (or the `set = [...]` list of provider v3) on top, as Helm
   * applies them. `set` paths are split on unescaped dots (`a\.b` is one key) and `[n]` indexes lists.
   */
  readonly values: TfValue;
  /**
   * The values files and templates the values were read from (`file()`, `templatefile()`, directly or
   * through a variable): the workspace path, the expression (or release) that named it, and its text.
   */
  readonly valuesFiles: readonly { readonly path: string; readonly span: Span; readonly text: string }[];
  /** `values = ["…"]` / heredocs holding YAML text; `exactStart` when text[i] is at exactStart + i. */
  readonly valuesYaml: readonly { readonly text: string; readonly span: Span; readonly exactStart?: number }[];
}

/** The module folder of a file: its directory, for paths and URIs alike. */
export function folderOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? '.' : i === 0 ? path.slice(0, 1) : path.slice(0, i);
}
