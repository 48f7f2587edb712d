import type { Span } from '../text/span';

/** The word that marks a suppression comment; annotations use `hairpin.io/ignore`. */
export const DIRECTIVE_WORD = 'hairpin-ignore';
export const IGNORE_ANNOTATION = 'hairpin.io/ignore';

/** One rule id as written in a directive. */
export interface DirectiveRuleId {
  /** Upper-cased ("hp101" is read as HP101). */
  readonly id: string;
  readonly span: Span;
  /** What deleting just this id deletes: the id and one separator next to it, so the list keeps its spacing. */
  readonly removal?: Span;
}

/**
 * A suppression as data. A comment directive covers findings whose primary span starts on `target`,
 * the next line that is neither blank nor a comment; an annotation covers the Kubernetes object it sits on.
 */
export interface SuppressionDirective {
  readonly file: string;
  readonly form: 'comment' | 'annotation';
  readonly ruleIds: readonly DirectiveRuleId[];
  /** The reason as written; absent when none was given. */
  readonly justification?: string;
  /** The comment, or the annotation entry. */
  readonly span: Span;
  readonly target: Span;
  /** What deleting the whole directive deletes (the comment's line; the annotation entry or line). */
  readonly removal?: Span;
}

/** Finds where a finding is covered: its primary span starts inside the directive's target. */
export function covers(d: SuppressionDirective, file: string, offset: number): boolean {
  return d.file === file && offset >= d.target.start && offset <= d.target.end;
}
