import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { AnalysisResult } from '../core/analyze';
import type { Notice } from '../core/model/workspace';
import type { Finding } from '../core/rules/types';
import type { Positions } from './convert';
import { diagnosticsFor } from './diagnostics';

/** An open document as analysed: the version its facts were read from. */
export interface AnalysedDocument {
  readonly uri: string;
  readonly version: number;
}

interface Published {
  /** What the diagnostics were made from (findings, notices, texts), compared by identity. */
  readonly inputs: readonly unknown[];
  readonly diagnostics: Diagnostic[];
  readonly json: string;
  /** The document version it was published for; undefined for files that are not open. */
  readonly version: number | undefined;
  /** The URI it was published under: the client's spelling while the document is open (uri.ts). */
  readonly sentAs: string;
}

/**
 * Publishes diagnostics per file, only when they changed since the last publish for that file. An open
 * document is also published once for each new analysed version, even when its diagnostics did not
 * change: its positions may have moved, and clients match publishes to versions.
 * Files are keyed by canonical URI and published under `toClient(uri)`, the spelling the client knows;
 * when that spelling changes (the document was opened or closed under another), the old one is cleared.
 */
export class DiagnosticsPublisher {
  private readonly last = new Map<string, Published>();

  constructor(
    private readonly connection: Connection,
    private readonly positions: Positions,
    private readonly textOf: (uri: string) => string | undefined,
    private readonly toClient: (uri: string) => string,
  ) {}

  /** Returns the number of files published. */
  publish(result: AnalysisResult, open: readonly AnalysedDocument[]): number {
    const findings = groupBy(result.findings, (f) => f.span.file);
    const notices = groupBy(result.notices, (n) => n.file);
    const versions = new Map(open.map((d) => [d.uri, d.version]));
    // Open documents, files with findings, and files whose old diagnostics must be cleared.
    const targets = new Set([...versions.keys(), ...findings.keys()]);
    for (const [uri, p] of this.last) if (p.diagnostics.length > 0) targets.add(uri);
    let sent = 0;
    for (const uri of targets) {
      const version = versions.get(uri);
      // Files that are not open show their findings only, not their notices (a skipped Helm template is not a problem).
      const own = { findings: findings.get(uri) ?? [], notices: version === undefined ? [] : (notices.get(uri) ?? []) };
      if (this.publishOne(uri, version, own, result)) sent++;
    }
    return sent;
  }

  /** A closed document's next publish is for whatever opens it next, or for the file on disk. */
  closed(uri: string): void {
    const p = this.last.get(uri);
    if (p && p.diagnostics.length === 0) this.last.delete(uri);
    else if (p) this.last.set(uri, { ...p, version: undefined });
  }

  private publishOne(uri: string, version: number | undefined, own: { findings: readonly Finding[]; notices: readonly Notice[] }, result: AnalysisResult): boolean {
    const sentAs = this.toClient(uri);
    const last = this.last.get(uri);
    // Published under another spelling: the client shows those diagnostics on a name it no longer uses.
    if (last && last.sentAs !== sentAs && last.diagnostics.length > 0) void this.connection.sendDiagnostics({ uri: last.sentAs, diagnostics: [] });
    const previous = last?.sentAs === sentAs ? last : undefined;
    const inputs = this.inputsOf(uri, own);
    let diagnostics: Diagnostic[];
    let json: string;
    if (previous && sameInputs(previous.inputs, inputs)) {
      ({ diagnostics, json } = previous);
    } else {
      diagnostics = diagnosticsFor(uri, { ...result, findings: own.findings, notices: own.notices }, this.positions, this.toClient);
      json = JSON.stringify(diagnostics);
    }
    const unchanged = previous ? previous.json === json : diagnostics.length === 0 && version === undefined;
    const sameVersion = version === undefined || previous?.version === version;
    if (diagnostics.length === 0 && version === undefined) this.last.delete(uri);
    else this.last.set(uri, { inputs, diagnostics, json, version, sentAs });
    if (unchanged && sameVersion) return false;
    void this.connection.sendDiagnostics({ uri: sentAs, ...(version !== undefined ? { version } : {}), diagnostics });
    return true;
  }

  /** Everything a file's diagnostics depend on: its findings and notices, its text, the texts their related spans point into. */
  private inputsOf(uri: string, own: { findings: readonly Finding[]; notices: readonly Notice[] }): unknown[] {
    const inputs: unknown[] = [this.textOf(uri), own.findings.length, ...own.findings, ...own.notices];
    const related = new Set<string>();
    for (const f of own.findings) for (const r of f.related) if (r.span.file !== uri) related.add(r.span.file);
    for (const file of related) inputs.push(file, this.toClient(file), this.textOf(file));
    return inputs;
  }
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = map.get(k);
    if (list) list.push(t);
    else map.set(k, [t]);
  }
  return map;
}
