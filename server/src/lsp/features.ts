import { CodeActionKind, LSPErrorCodes, ResponseError, type CancellationToken, type ClientCapabilities, type Connection, type ServerCapabilities, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult } from '../core/analyze';
import type { AnalysisState } from './analysis-state';
import type { Positions } from './convert';
import { ExplainRequestMethod, FrontendsRequestMethod, TraceRequestMethod, type ExplainParams, type TraceParams } from '../protocol';
import { codeActions, codeActionSupport } from './code-action';
import { codeLenses } from './code-lens';
import { explainRequest, frontendsRequest, traceRequest } from './custom-requests';
import { hover } from './hover';
import type { HairpinSettings } from './settings';
import { canonicalUri, type ClientUris } from './uri';

/**
 * What a request handler gets: the connection, the state, and the latest result for a document. Request
 * features (hover now; code actions, code lenses, custom requests later) register here, each from its
 * own file, and stay out of the scheduling and publishing in server.ts.
 */
export interface FeatureContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly state: AnalysisState;
  readonly positions: Positions;
  /** How the client names each open document: what a feature sends back goes through `uris.toClient`. */
  readonly uris: ClientUris;
  settings(): HairpinSettings;
  /** What the client said it supports, at initialize. */
  capabilities(): ClientCapabilities;
  /**
   * The result that covers this document's latest text (`uri` canonical): pending edits to it are
   * analysed first (a request waits for its own file only). Undefined when that cannot be had (`run:
   * onSave` with unsaved edits): positions would not match the text.
   */
  resultFor(uri: string): AnalysisResult | undefined;
  /** The latest result, whatever is pending. */
  latest(): AnalysisResult;
}

export type Feature = (ctx: FeatureContext) => void;

/**
 * The answer to a request the client cancelled (`$/cancelRequest`): LSP's RequestCancelled error, not a
 * result. A cancel that arrives while the server is busy (analysing, indexing) is read before the
 * request is dispatched, so the handler sees the token cancelled and does none of the work.
 */
export function requestCancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}

/**
 * A request handler that answers RequestCancelled when the request was cancelled before it started,
 * a ResponseError a feature throws for bad params as it is, and null when the document's result cannot
 * be had or when it fails (logged): a feature never takes the
 * server down. `run` gets the params with the document's URI made canonical (uri.ts); the client's own
 * spelling is `ctx.uris.toClient` of it.
 */
function handle<P extends { textDocument?: { uri: string } }, R>(ctx: FeatureContext, what: string, run: (params: P, result: AnalysisResult) => R) {
  return (params: P, token?: CancellationToken): R | null => {
    if (token?.isCancellationRequested) throw requestCancelled();
    try {
      const canonical = params.textDocument ? { ...params, textDocument: { ...params.textDocument, uri: canonicalUri(params.textDocument.uri) } } : params;
      const result = canonical.textDocument ? ctx.resultFor(canonical.textDocument.uri) : ctx.latest();
      return result ? run(canonical, result) : null;
    } catch (err) {
      // The caller's mistake (InvalidParams) is answered as such; anything else is logged and answered null.
      if (err instanceof ResponseError) throw err;
      ctx.connection.console.error(`Hairpin ${what} failed: ${(err as Error).stack ?? String(err)}`);
      return null;
    }
  };
}

/** Hover: explains the NLB value under the cursor. */
export const hoverFeature: Feature = (ctx) => {
  ctx.connection.onHover(handle(ctx, 'hover', (params, result) => hover(params, result, ctx.positions)));
};

/** Quick fixes, suppressions and "Show failing handshake" for Hairpin's diagnostics (code-action.ts). */
export const codeActionFeature: Feature = (ctx) => {
  ctx.connection.onCodeAction(
    handle(ctx, 'code action', (params, result) =>
      codeActions(
        params,
        result,
        ctx.positions,
        codeActionSupport(ctx.capabilities()),
        (uri) => ctx.documents.get(ctx.uris.toClient(uri))?.version ?? null,
        (uri) => ctx.uris.toClient(uri),
      ),
    ),
  );
};

/** A lens above each NLB: how often its handshake fails, and the command that shows it. */
export const codeLensFeature: Feature = (ctx) => {
  ctx.connection.onCodeLens(handle(ctx, 'code lens', (params, result) => codeLenses(params, result, ctx.positions, (uri) => ctx.uris.toClient(uri))));
};

/** `hairpin/trace`, `hairpin/explain` and `hairpin/frontends` (protocol.ts). */
export const customRequestsFeature: Feature = (ctx) => {
  const toClient = (uri: string) => ctx.uris.toClient(uri);
  ctx.connection.onRequest(TraceRequestMethod, handle(ctx, 'trace', (params: TraceParams, result) => traceRequest(params, result, ctx.positions, toClient)));
  ctx.connection.onRequest(ExplainRequestMethod, handle(ctx, 'explain', (params: ExplainParams, result) => explainRequest(params, result, ctx.positions, toClient)));
  ctx.connection.onRequest(FrontendsRequestMethod, handle(ctx, 'frontends', (_params: object, result) => frontendsRequest(result, ctx.positions, toClient)));
};

/** The request features, in registration order. Add new ones here, with their capabilities below. */
export const FEATURES: readonly Feature[] = [hoverFeature, codeActionFeature, codeLensFeature, customRequestsFeature];

/** What the features above answer, as the server announces it at initialize. */
export const FEATURE_CAPABILITIES: ServerCapabilities = {
  hoverProvider: true,
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
  codeLensProvider: { resolveProvider: false },
};
