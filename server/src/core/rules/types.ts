import type { ClusterFacts, ClientLocation } from '../model/cluster';
import type { Frontend } from '../model/frontend';
import type { FailureMode } from '../simulate/enumerate';
import type { MitigationId, WhatIf } from '../simulate/mitigations';
import type { SimulationResult } from '../simulate/simulate';
import type { Span } from '../text/span';

export type Severity = 'error' | 'warning' | 'info';

export interface RuleMeta {
  /** Stable id, never reused (HP101…). */
  readonly id: string;
  readonly name: string;
  readonly shortDescription: string;
  /** Longer explanation, used for the generated rule page and SARIF. */
  readonly description: string;
  /** What to change, in order of preference; the findings rank these by simulated effect. */
  readonly remediation: readonly string[];
  /** Repository-relative path of the rule's page. */
  readonly docs: string;
  /** A fixed severity, for findings that are not a per-connection failure probability (HP105 is intermittent). */
  readonly fixedSeverity?: Severity;
  /** The page's "How Hairpin decides" text, for rules that are not decided by simulation. */
  readonly decidedBy?: string;
  /*
   * The fields below feed the rule's page (docs/rules/<id>.md, `npm run docs`). They are required, so a
   * rule without its documentation does not typecheck. Plain markdown strings; no trailing full stop rules.
   */
  /** What happens on the wire, one packet or decision per entry, in order (SYN, NAT, SYN-ACK, RST or drop, retries). */
  readonly packetStory: readonly string[];
  /**
   * How the failure probability is computed (which choices are enumerated, what is a failing class),
   * with a worked fraction checked against the scenarios. `null` for rules not decided by simulation.
   */
  readonly probability: string | null;
  /** What each `remediation` entry costs, same order and length: "the backend no longer sees the client IP…". */
  readonly tradeOffs: readonly string[];
  /**
   * A YAML snippet showing this rule's `hairpin-ignore` comment above the line its finding points at;
   * `null` when the finding cannot be suppressed (the suppression problems HP001–HP003).
   */
  readonly suppressionExample: string | null;
  /** AWS documentation and public incident reports (real URLs only, from domain/FACTS.md); `url` absent for a report with no stable address. */
  readonly references: readonly RuleReference[];
  /** A workspace the page simulates for its diagram and tables (as `hairpin simulate` would); `null` for rules not decided by simulation. */
  readonly example: RuleExample | null;
}

export interface RuleReference {
  readonly title: string;
  readonly url?: string;
}

/** A one-file workspace for a rule's page: the rule must fire on it. */
export interface RuleExample {
  /** Repository-relative path shown on the page (and kept equal to that file when it exists there). */
  readonly path: string;
  readonly text: string;
  /** `.hairpin.yaml` text for the example, when the default cluster does not show the failure. */
  readonly config?: string;
}

/** One simulated frontend, what rules judge. */
export interface FrontendAnalysis {
  readonly frontend: Frontend;
  readonly cluster: ClusterFacts;
  readonly simulation: SimulationResult;
  readonly whatIfs: readonly WhatIf[];
}

export interface RankedMitigation {
  readonly id: MitigationId;
  readonly title: string;
  /** Worst per-connection failure probability over the reported clients after the change. */
  readonly failureAfter: number;
  /** The same before and after the change, exactly ("1/6", "0"), for titles. */
  readonly failureBeforeExact: string;
  readonly failureAfterExact: string;
  /** The cross-zone collision estimate before and after the change. */
  readonly collisionBefore: number;
  readonly collisionAfter: number;
}

export interface RelatedLocation {
  readonly span: Span;
  readonly message: string;
}

/** How a finding was suppressed; SARIF's `suppressions[]` entry. */
export interface Suppression {
  readonly kind: 'inSource';
  readonly justification?: string;
  /** The comment or annotation entry that suppressed it. */
  readonly span: Span;
}

export interface Finding {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly related: readonly RelatedLocation[];
  readonly frontendId: string;
  /** Probability the finding is about (per connection, or per new connection for collisions). */
  readonly probability: number;
  /** The exact fraction when the simulation gives one ("1/6"). */
  readonly probabilityExact?: string;
  /**
   * HP105: the idle times (seconds) after which a pooled connection is reset on reuse: from the NLB's idle
   * timeout to the backend's. Its `probability` (1) is then not a per-connection failure rate: every
   * connection left idle that long fails, no other does (rules/impact.ts says so in words).
   */
  readonly idleWindow?: { readonly fromSeconds: number; readonly toSeconds: number };
  readonly mode: FailureMode;
  /** Which trace shows it: the client location whose representative trace illustrates the finding. */
  readonly traceRef?: { readonly frontendId: string; readonly client: ClientLocation; readonly mode: FailureMode };
  /** Changes that remove or reduce it, best first, by simulated effect. */
  readonly mitigations: readonly RankedMitigation[];
  /**
   * Every frontend it speaks for, when one finding tells the same verdict of all a Service's ports
   * (rules/per-service-port.ts): a fix of a per-port setting must then change every one of them.
   */
  readonly frontendIds?: readonly string[];
  /** Set on findings a `hairpin-ignore` directive covers (`AnalysisResult.suppressed`). */
  readonly suppression?: Suppression;
}

export type FindingDraft = Omit<Finding, 'ruleId' | 'ruleName' | 'severity' | 'frontendId' | 'suppression'>;

export interface Rule {
  readonly meta: RuleMeta;
  check(analysis: FrontendAnalysis): FindingDraft[];
}
