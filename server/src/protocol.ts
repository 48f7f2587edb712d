/**
 * Custom protocol between the Hairpin client and server, declared once and shared with the client.
 * Only method names (string constants) exist at run time; every other import here is type-only, so the
 * client bundles none of the engine.
 */
import type { ExplanationData } from './core/explain/explain';
import type { FrontendReport } from './core/explain/frontend-report';
import type { MitigationId } from './core/simulate/mitigations';

/** Server -> client: how the last analysis went, for the status item. */
export interface StatusParams {
  readonly state: 'ok' | 'findings' | 'error';
  /** Load balancers simulated (a Service's NLB counts once, however many ports it has). */
  readonly frontends: number;
  readonly findings: number;
  readonly skippedFiles: readonly { readonly uri: string; readonly reason: string }[];
  /** True when no analysis and no indexing is pending: the results shown are the results of everything. */
  readonly quiescent: boolean;
  /** The workspace index: files read out of files found, and whether it stopped at its limit (`limit`). */
  readonly index?: StatusIndex;
}

export interface StatusIndex {
  readonly read: number;
  readonly found: number;
  readonly limit?: number;
  readonly truncated: boolean;
}

export const StatusNotificationMethod = 'hairpin/status';

export interface LspPosition {
  readonly line: number;
  readonly character: number;
}

export interface LspRange {
  readonly start: LspPosition;
  readonly end: LspPosition;
}

export interface LspLocation {
  readonly uri: string;
  readonly range: LspRange;
}

/** Where the failing handshake is asked for: a position in an NLB-defining resource or on a finding. */
export interface TraceParams {
  readonly textDocument: { readonly uri: string };
  readonly position: LspPosition;
  /** A client location such as `pod@n1`; defaults to the client that fails most often. */
  readonly client?: string;
  /** Mitigations to apply before simulating, in order (the diagram's what-if switches). */
  readonly whatIfs?: readonly MitigationId[];
}

/**
 * `hairpin/trace`: the frontend at that position simulated with full traces, in the shape
 * `hairpin simulate --format json` prints, or null when no NLB is defined there. Computed on demand.
 */
export type TraceResult = FrontendReport & {
  /** The resource head, as an editor location. */
  readonly location: LspLocation;
  /** The client the caller asked for, or the worst one. */
  readonly client: string;
  /** The what-ifs that applied to this frontend, in the order they were applied. */
  readonly applied: readonly MitigationId[];
};

export const TraceRequestMethod = 'hairpin/trace';

export interface ExplainParams {
  readonly textDocument: { readonly uri: string };
  readonly position: LspPosition;
}

/**
 * `hairpin/explain`: the hover's explanation as data — each value with its provenance and where it was
 * written, its effect on the handshake, the per-client table and the re-simulated what-ifs — or null.
 */
export type ExplainResult = Omit<ExplanationData, 'span' | 'values' | 'frontend'> & {
  readonly location: LspLocation;
  readonly values: readonly (Omit<ExplanationData['values'][number], 'span'> & { readonly location?: LspLocation })[];
  readonly frontend?: { readonly id: string; readonly name: string; readonly location: LspLocation };
};

export const ExplainRequestMethod = 'hairpin/explain';

/** `hairpin/frontends`: every NLB in the analysis with its lens title, worst first (the show-handshake picker). */
export interface FrontendSummary {
  readonly id: string;
  readonly name: string;
  readonly location: LspLocation;
  /** The code lens title: "▶ 1 in 6 in-cluster connections fail: show handshake", "✓ no handshake failures …" or "○ no handshake simulated: …". */
  readonly title: string;
  readonly failing: boolean;
}

export const FrontendsRequestMethod = 'hairpin/frontends';

/** The client command that shows the failing handshake; code lenses and code actions carry TraceParams. */
export const ShowHandshakeCommand = 'hairpin.showHandshake';

/** `hairpin/reanalyse`: drop every cached read and simulation, index the workspace again, publish. */
export interface ReanalyseResult {
  /** Files read from the workspace folders. */
  readonly files: number;
  /** The index stopped at its file limit (open documents are still analysed). */
  readonly truncated: boolean;
}

export const ReanalyseRequestMethod = 'hairpin/reanalyse';

/** The client command behind "Hairpin: Re-analyse Workspace". */
export const ReanalyseCommand = 'hairpin.reanalyse';
