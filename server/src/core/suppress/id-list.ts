import { span } from '../text/span';
import type { DirectiveRuleId } from './directive';

/** `HP101`, `HP101,HP103`, `HP101, HP103`: rule ids joined by commas, spaces around a comma allowed. */
const ID_LIST = /^[A-Za-z]+\d+\b(?:\s*,\s*[A-Za-z]+\d+\b)*/;
const ID = /[A-Za-z]+\d+/g;

export interface ParsedIdList {
  readonly ids: readonly DirectiveRuleId[];
  /** Index in `s` just after the list (0 when there is none). */
  readonly end: number;
}

/**
 * Reads the id list at the start of `s`, which sits at `base` in `file`. Each id gets the range that
 * deletes it with one neighbouring separator: the one before it, or the one after for the first id.
 * A lone id has no removal of its own; deleting it means deleting the directive.
 */
export function parseIdList(s: string, file: string, base: number): ParsedIdList {
  const m = ID_LIST.exec(s);
  if (!m) return { ids: [], end: 0 };
  const found = [...m[0].matchAll(ID)].map((t) => ({ id: t[0].toUpperCase(), start: base + t.index, end: base + t.index + t[0].length }));
  const ids = found.map((t, i): DirectiveRuleId => {
    const prev = found[i - 1];
    const next = found[i + 1];
    const removal = prev ? span(file, prev.end, t.end) : next ? span(file, t.start, next.start) : undefined;
    return { id: t.id, span: span(file, t.start, t.end), ...(removal ? { removal } : {}) };
  });
  return { ids, end: m[0].length };
}

/** The reason after the ids: an optional `--` or `:` separator is not part of it. Empty means none. */
export function readJustification(rest: string): string | undefined {
  const reason = rest.replace(/^\s*(?:--|:)?\s*/, '').trim();
  return reason === '' ? undefined : reason;
}
