/** A half-open range of UTF-16 offsets [start, end) inside one file's text. */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

export function span(file: string, start: number, end: number): Span {
  return { file, start, end };
}

export function spanContains(s: Span, offset: number): boolean {
  return offset >= s.start && offset <= s.end;
}

export function sameSpan(a: Span, b: Span): boolean {
  return a.file === b.file && a.start === b.start && a.end === b.end;
}
