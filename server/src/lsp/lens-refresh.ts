import type { ClientCapabilities, Connection } from 'vscode-languageserver';
import type { AnalysisResult } from '../core/analyze';
import { lensesFor } from '../core/explain/lens';

/**
 * Code lenses say how often each NLB's handshake fails, so they go stale when an edit changes that (a
 * quick fix applied). After each analysis, when any lens title or place changed, the server asks the
 * client to pull them again (`workspace/codeLens/refresh`, if the client supports it).
 */
export class LensRefresher {
  private last = '';
  /** Lenses are made from the frontends alone: an analysis that kept the last links keeps this array. */
  private lastFrontends: AnalysisResult['frontends'] | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly capabilities: () => ClientCapabilities,
  ) {}

  changed(result: AnalysisResult): void {
    if (this.capabilities().workspace?.codeLens?.refreshSupport !== true || result.frontends === this.lastFrontends) return;
    this.lastFrontends = result.frontends;
    const now = JSON.stringify(lensesFor(result).map((l) => [l.span.file, l.span.start, l.title]));
    if (now === this.last) return;
    const first = this.last === '';
    this.last = now;
    // The client pulls lenses when a document opens: nothing to refresh before the first analysis.
    if (!first) void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  }
}
