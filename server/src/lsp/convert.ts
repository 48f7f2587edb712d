import type { Range } from 'vscode-languageserver';
import { LineIndex } from '../core/text/line-index';
import type { Span } from '../core/text/span';

/** Span (offsets) -> LSP range; the only place the server turns offsets into positions. */
export class Positions {
  private readonly indexes = new Map<string, { text: string; index: LineIndex }>();

  constructor(private readonly textOf: (file: string) => string | undefined) {}

  range(s: Span): Range | undefined {
    const text = this.textOf(s.file);
    if (text === undefined) return undefined;
    let cached = this.indexes.get(s.file);
    if (!cached || cached.text !== text) {
      cached = { text, index: new LineIndex(text) };
      this.indexes.set(s.file, cached);
    }
    return { start: cached.index.positionAt(s.start), end: cached.index.positionAt(s.end) };
  }

  /** The text positions are computed against (an open document's, else the disk copy's). */
  text(file: string): string | undefined {
    return this.textOf(file);
  }

  isBlank(file: string): boolean {
    return (this.textOf(file) ?? '').trim() === '';
  }

  offset(file: string, position: { line: number; character: number }): number | undefined {
    const text = this.textOf(file);
    if (text === undefined) return undefined;
    return new LineIndex(text).offsetAt(position);
  }
}
