import { span, type Span } from '../text/span';
import type { CommentStyle } from './comment-style';
import { DIRECTIVE_WORD, type DirectiveRuleId, type SuppressionDirective } from './directive';
import { parseIdList, readJustification } from './id-list';
import { textLines, textStart, type TextLine } from './text-lines';

/** Where a whole-line comment's prefix and text start; undefined when the line is not a comment. */
function commentBody(text: string, line: TextLine, style: CommentStyle): { prefixAt: number; bodyAt: number } | undefined {
  let i = textStart(text, line);
  while (i < line.end && (text[i] === ' ' || text[i] === '\t')) i++;
  const prefix = style.prefixes.find((p) => text.startsWith(p, i));
  return prefix ? { prefixAt: i, bodyAt: i + prefix.length } : undefined;
}

export interface CommentDirective {
  readonly ids: readonly DirectiveRuleId[];
  readonly justification?: string;
  /** From the comment prefix to the end of the line. */
  readonly span: Span;
}

const WORD = new RegExp(`^\\s*${DIRECTIVE_WORD}(?=\\s|$)`);

/** A directive comment on one line, with offsets into `text`; undefined when the line is something else. */
export function parseCommentDirective(text: string, line: TextLine, style: CommentStyle, file: string): CommentDirective | undefined {
  const comment = commentBody(text, line, style);
  if (!comment) return undefined;
  const body = text.slice(comment.bodyAt, line.end);
  const m = WORD.exec(body);
  if (!m) return undefined;
  const afterWord = comment.bodyAt + m[0].length;
  const rest = text.slice(afterWord, line.end);
  const lead = /^\s*/.exec(rest)![0].length;
  const list = parseIdList(rest.slice(lead), file, afterWord + lead);
  const justification = readJustification(list.ids.length ? rest.slice(lead + list.end) : rest);
  return { ids: list.ids, ...(justification !== undefined ? { justification } : {}), span: span(file, comment.prefixAt, line.end) };
}

/**
 * Suppression comments of one file: `# hairpin-ignore HP101[,HP103] reason` (or `//`) on a line of
 * its own. Cheap: files without the word are not looked at line by line.
 */
export function scanCommentDirectives(file: string, text: string, style: CommentStyle): SuppressionDirective[] {
  if (!text.includes(DIRECTIVE_WORD)) return [];
  const all = textLines(text);
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
      removal: span(file, textStart(text, line), line.next),
    });
  }
  return out;
}
