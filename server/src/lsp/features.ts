import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult } from '../core/analyze';
import type { AnalysisState } from './analysis-state';
import type { Positions } from './convert';
import { hover } from './hover';
import type { HairpinSettings } from './settings';

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
  settings(): HairpinSettings;
  /**
   * The result that covers this document's latest text: pending edits to it are analysed first (a
   * request waits for its own file only). Undefined when that cannot be had (`run: onSave` with unsaved
   * edits): positions would not match the text.
   */
  resultFor(uri: string): AnalysisResult | undefined;
  /** The latest result, whatever is pending. */
  latest(): AnalysisResult;
}

export type Feature = (ctx: FeatureContext) => void;

/** Hover: explains the NLB value under the cursor. Cancelled requests get null without any work. */
export const hoverFeature: Feature = (ctx) => {
  ctx.connection.onHover((params, token) => {
    if (token.isCancellationRequested) return null;
    try {
      const result = ctx.resultFor(params.textDocument.uri);
      if (!result || token.isCancellationRequested) return null;
      return hover(params, result, ctx.positions);
    } catch (err) {
      ctx.connection.console.error(`Hairpin hover failed: ${(err as Error).message}`);
      return null;
    }
  });
};

/** The request features, in registration order. Add new ones here. */
export const FEATURES: readonly Feature[] = [hoverFeature];
