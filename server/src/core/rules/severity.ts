import type { Severity } from './types';

export interface SeverityThresholds {
  /** Findings at or above this probability are errors. */
  readonly error: number;
  /** Findings at or above this probability (and below `error`) are warnings; anything else is info. */
  readonly warning: number;
}

export const DEFAULT_THRESHOLDS: SeverityThresholds = { error: 0.01, warning: 0.0001 };

/** Severity comes from the failure probability. */
export function severityOf(probability: number, t: SeverityThresholds = DEFAULT_THRESHOLDS): Severity {
  if (probability >= t.error) return 'error';
  if (probability >= t.warning) return 'warning';
  return 'info';
}
