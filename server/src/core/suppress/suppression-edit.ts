import type { TextEdit } from '../fix/types';
import type { Finding } from '../rules/types';
import { commentStyleOf } from './comment-style';
import { DIRECTIVE_WORD } from './directive';
import { parseCommentDirective } from './scan-comments';
import { lineAt, lineBefore, textStart } from './text-lines';

/**
 * The reason `suppressionEdit` writes. It counts as a reason (no HP002): it is there to be replaced,
 * it shows in review, and SARIF carries it as the justification until it is.
 */
export const REASON_PLACEHOLDER = 'TODO: say why this is acceptable';

/**
 * The edit that suppresses `finding` where it is reported: adds its id to a directive comment on the
 * line above, or inserts `<comment> hairpin-ignore ID <placeholder>` above the finding's line with that
 * line's indentation. Undefined when the file's text is unknown or its format has no comments (JSON).
 */
export function suppressionEdit(finding: Finding, textOf: (file: string) => string | undefined): TextEdit | undefined {
  const file = finding.span.file;
  const text = textOf(file);
  const style = commentStyleOf(file);
  if (text === undefined || !style) return undefined;
  // Only the finding's line and the one above are looked at: this runs for every published diagnostic.
  const line = lineAt(text, finding.span.start);
  const previous = lineBefore(text, line);
  const above = previous && parseCommentDirective(text, previous, style, file);
  if (above && above.ids.length > 0) {
    if (above.ids.some((r) => r.id === finding.ruleId)) return undefined;
    const last = above.ids[above.ids.length - 1]!;
    return { file, start: last.span.end, end: last.span.end, newText: `, ${finding.ruleId}` };
  }
  // A byte order mark stays the file's first character: the comment goes after it.
  const start = textStart(text, line);
  const indent = /^[ \t]*/.exec(text.slice(start, line.end))![0];
  const eol = /\r\n|\r|\n/.exec(text)?.[0] ?? '\n';
  return { file, start, end: start, newText: `${indent}${style.insert} ${DIRECTIVE_WORD} ${finding.ruleId} ${REASON_PLACEHOLDER}${eol}` };
}
