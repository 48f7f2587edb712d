/** One line of a text, as offsets. Line breaks are \n, \r\n or \r, as LineIndex counts them. */
export interface TextLine {
  readonly start: number;
  /** End of the line's text, before its line break. */
  readonly end: number;
  /** Start of the next line (after the line break); the text's length on the last line. */
  readonly next: number;
}

/** Every line of `text`. */
export function textLines(text: string): TextLine[] {
  const out: TextLine[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ start, end: m.index, next: m.index + m[0].length });
    start = m.index + m[0].length;
  }
  out.push({ start, end: text.length, next: text.length });
  return out;
}

/** The line holding `offset`, found by looking only at that line (no split of the whole text). */
export function lineAt(text: string, offset: number): TextLine {
  const o = Math.max(0, Math.min(offset, text.length));
  let start = o;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let end = o;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  const next = text.startsWith('\r\n', end) ? end + 2 : end < text.length ? end + 1 : end;
  return { start, end, next };
}

/** The line before `line`, or undefined on the first line. */
export function lineBefore(text: string, line: TextLine): TextLine | undefined {
  if (line.start === 0) return undefined;
  // Step over the previous line's break (\r\n counts once).
  const breakStart = text.startsWith('\r\n', line.start - 2) ? line.start - 2 : line.start - 1;
  return lineAt(text, breakStart);
}

/** Where a line's text starts: after the byte order mark on the first line, which is not text and stays first. */
export function textStart(text: string, line: TextLine): number {
  return line.start === 0 && text.startsWith('\uFEFF') ? 1 : line.start;
}
