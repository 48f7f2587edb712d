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
}

export const StatusNotificationMethod = 'hairpin/status';
