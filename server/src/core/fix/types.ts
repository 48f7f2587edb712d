import type { MitigationId } from '../simulate/mitigations';

/** A replacement of [start, end) (UTF-16 offsets) in one file's text; the LSP layer turns it into a TextEdit. */
export interface TextEdit {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/**
 * One mitigation offered for one finding, as the simulation ranked it. `edits` change the files where
 * the deciding values are written, in their own format, and leave every other byte alone. When no edit
 * can be made (the value comes through a module input, or the change is outside these files),
 * `edits` is empty and `unavailable` says why.
 */
export interface FixProposal {
  readonly mitigation: MitigationId;
  /** "Disable client IP preservation (in-cluster failures 1/6 → 0)". */
  readonly title: string;
  /** The best-ranked proposal of a finding that has edits. */
  readonly preferred: boolean;
  readonly edits: readonly TextEdit[];
  readonly unavailable?: string;
}

/** Text of any file the analysis saw; core reads nothing itself. */
export type TextOf = (file: string) => string | undefined;

/** Applies non-overlapping edits of one file (any order) to its text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
