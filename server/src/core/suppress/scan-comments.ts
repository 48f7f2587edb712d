import { span } from '../text/span';
import type { CommentStyle } from './comment-style';
import { DIRECTIVE_WORD, type SuppressionDirective } from './directive';
import { parseIdList, readJustification } from './id-list';

interface Line {
  readonly start: number;
  /** End of the text, before the line break. */
  readonly end: number;
  /** Start of the next line (after the line break). */
  readonly next: number;
}

function lines(text: string): Line[] {
  const out: Line[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ start, end: m.index, next: m.index + m[0].length });
    start = m.index + m[0].length;
  }
  out.push({ start, end: text.length, next: text.length });
  return out;
}

/** Where a whole-line comment's text starts (after the prefix), or -1 when the line is not a comment. */
function commentBody(text: string, line: Line, style: CommentStyle): { prefixAt: number; bodyAt: number } | undefined {
  let i = line.start;
  while (i < line.end && (text[i] === ' ' || text[i] === '\t')) i++;
  const prefix = style.prefixes.find((p) => text.startsWith(p, i));
  return prefix ? { prefixAt: i, bodyAt: i + prefix.length } : undefined;
}

/** A directive comment on one line, with offsets into `text`; undefined when the line is something else. */
export function parseCommentDirective(text: string, line: Line, style: CommentStyle, file: string) {
  const comment = commentBody(text, line, style);
  if (!comment) return undefined;
  const body = text.slice(comment.bodyAt, line.end);
  const m = new RegExp(`^\\s*${DIRECTIVE_WORD}(?=\\s|$)`).exec(body);
  if (!m) return undefined;
  const afterWord = comment.bodyAt + m[0].length;
  const rest = text.slice(afterWord, line.end);
  const lead = /^\s*/.exec(rest)![0].length;
  const list = parseIdList(rest.slice(lead), file, afterWord + lead);
  const justification = readJustification(list.ids.length ? rest.slice(lead + list.end) : rest);
  return { comment, ids: list.ids, ...(justification !== undefined ? { justification } : {}), span: span(file, comment.prefixAt, line.end) };
}

/**
 * Suppression comments of one file: `# hairpin-ignore HP101[,HP103] reason` (or `//`) on a line of
 * its own. Cheap: files without the word are not looked at line by line.
 */
export function scanCommentDirectives(file: string, text: string, style: CommentStyle): SuppressionDirective[] {
  if (!text.includes(DIRECTIVE_WORD)) return [];
  const all = lines(text);
  const out: SuppressionDirective[] = [];
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    const d = parseCommentDirective(text, line, style, file);
    if (!d) continue;
    let j = i + 1;
    while (j < all.length && (text.slice(all[j]!.start, all[j]!.end).trim() === '' || commentBody(text, all[j]!, style))) j++;
    const target = all[j];
    out.push({
      file,
      form: 'comment',
      ruleIds: d.ids,
      ...(d.justification !== undefined ? { justification: d.justification } : {}),
      span: d.span,
      // At the end of the file the directive covers nothing (an empty span past the text).
      target: target ? span(file, target.start, target.end) : span(file, text.length + 1, text.length + 1),
      removal: span(file, line.start, line.next),
    });
  }
  return out;
}

export { lines as textLines, type Line };
