import { LineIndex } from '../core/text/line-index';
import type { Span } from '../core/text/span';

export interface Region {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** 1-based lines and columns (UTF-16 code units), as SARIF and compiler-style output use. */
export class Locator {
  private readonly indexes = new Map<string, LineIndex>();

  constructor(private readonly texts: ReadonlyMap<string, string>) {}

  region(span: Span): Region {
    const index = this.index(span.file);
    const s = index.positionAt(span.start);
    const e = index.positionAt(span.end);
    return { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
  }

  private index(file: string): LineIndex {
    let i = this.indexes.get(file);
    if (!i) this.indexes.set(file, (i = new LineIndex(this.texts.get(file) ?? '')));
    return i;
  }
}
