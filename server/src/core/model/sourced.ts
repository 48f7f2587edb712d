import type { Span } from '../text/span';

/**
 * Where a value came from. A user must always be able to see why the analyser believes something.
 * - explicit: written in a file
 * - default: an AWS, controller or module default (the fact's source is in `why`)
 * - inferred: derived from other facts
 * - assumed: from config or a built-in assumption
 */
export type Origin = 'explicit' | 'default' | 'inferred' | 'assumed';

export interface Sourced<T> {
  readonly value: T;
  readonly origin: Origin;
  /** The written value, or for defaults the element that would hold it. */
  readonly span?: Span;
  readonly why?: string;
}

export function explicit<T>(value: T, span: Span | undefined, why?: string): Sourced<T> {
  return why === undefined ? { value, origin: 'explicit', span } : { value, origin: 'explicit', span, why };
}

export function byDefault<T>(value: T, why: string, span?: Span): Sourced<T> {
  return { value, origin: 'default', why, span };
}

export function inferred<T>(value: T, why: string, span?: Span): Sourced<T> {
  return { value, origin: 'inferred', why, span };
}

export function assumed<T>(value: T, why: string): Sourced<T> {
  return { value, origin: 'assumed', why };
}

export function describeOrigin(s: Sourced<unknown>): string {
  switch (s.origin) {
    case 'explicit':
      return `written in the file${s.why ? `: ${s.why}` : ''}`;
    case 'default':
      return `default${s.why ? `: ${s.why}` : ''}`;
    case 'inferred':
      return `inferred${s.why ? `: ${s.why}` : ''}`;
    case 'assumed':
      return `assumed${s.why ? `: ${s.why}` : ''}`;
  }
}

/** One word for an origin, as lists print it: `written` for explicit values. */
export function originWord(s: Sourced<unknown>): string {
  return s.origin === 'explicit' ? 'written' : s.origin;
}
