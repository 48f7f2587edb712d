/** Plain-text facts about where lines start and how a file indents, shared by the format editors. */

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The column of `offset` on its line. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Leading whitespace of the line that holds `offset`. */
export function indentOfLine(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** The file's own line break, so inserted lines match it. */
export function newlineOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * Where a new line can go after the text that ends at `end`: the end of the line holding the last
 * non-blank character before `end` (so a trailing comment on that line stays with it).
 */
export function endOfLineAfter(text: string, end: number): number {
  let i = Math.min(end, text.length);
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  return endOfLine(text, i);
}

/** The end of the line holding `offset`, before its line break (`\n` or `\r\n`). */
export function endOfLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl < 0) return text.length;
  return text[nl - 1] === '\r' ? nl - 1 : nl;
}

/** The smallest step by which the file indents a nested block mapping under its key (2 when it shows none). */
export function indentStep(text: string): number {
  let step = 0;
  let previous: { indent: number; opens: boolean } | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || /^\s*#/.test(line)) continue;
    const indent = /^ */.exec(line)![0].length;
    // Only `key:` followed by a deeper `child:` shows the mapping step; list items indent by their own rule.
    if (previous?.opens && indent > previous.indent && !/^\s*-\s/.test(line) && (step === 0 || indent - previous.indent < step)) step = indent - previous.indent;
    // `key:` opens a block mapping; in JSON, `{` and `[` open the next level.
    previous = { indent, opens: /[:{[]\s*(#.*)?$/.test(line) && !/^\s*-\s*$/.test(line) };
  }
  return step || 2;
}
