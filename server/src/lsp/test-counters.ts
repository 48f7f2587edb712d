import type { Connection } from 'vscode-languageserver';

/**
 * How often the server analysed and how often that analysis linked the workspace, for tests that must
 * see from outside that an edit did not link again. Answered only when the client asked for it with
 * the `testCounters: true` initialization option; no editor sends that.
 */
export const TestCountersRequestMethod = 'hairpin/testCounters';

export interface TestCounters {
  /** Analyses run (each publishes what changed). */
  readonly analyses: number;
  /** Analyses that linked and simulated the workspace again (core/cache/link-facts.ts says when not). */
  readonly links: number;
}

export function wantsTestCounters(initializationOptions: unknown): boolean {
  return typeof initializationOptions === 'object' && initializationOptions !== null && (initializationOptions as Record<string, unknown>).testCounters === true;
}

export function serveTestCounters(connection: Connection, counters: () => TestCounters): void {
  connection.onRequest(TestCountersRequestMethod, counters);
}
