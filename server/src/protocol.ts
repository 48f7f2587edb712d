/**
 * Custom protocol between the Hairpin client and server, declared once and shared type-only.
 * Kept free of runtime imports so the client can import it without pulling in the engine.
 */

/** Server -> client: how the last analysis went, for the status item. */
export interface StatusParams {
  readonly state: 'ok' | 'findings' | 'error';
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
