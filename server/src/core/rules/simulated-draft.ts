import type { FailureMode } from '../simulate/enumerate';
import type { Span } from '../text/span';
import type { WorstClient } from './clients';
import type { FindingDraft, FrontendAnalysis, RankedMitigation, RelatedLocation } from './types';

/**
 * The draft of a finding decided by the simulation (HP101, HP102, HP104): its probability, exactly and as
 * a number, and its trace are the worst client's for that failure mode; the rule supplies the rest.
 */
export function simulatedDraft(
  a: FrontendAnalysis,
  worst: WorstClient,
  mode: FailureMode,
  parts: { readonly message: string; readonly span: Span; readonly related: readonly RelatedLocation[]; readonly mitigations: readonly RankedMitigation[] },
): FindingDraft {
  return {
    message: parts.message,
    span: parts.span,
    related: parts.related,
    probability: worst.probability.toNumber(),
    probabilityExact: worst.probability.toString(),
    mode,
    traceRef: { frontendId: a.frontend.id, client: worst.client.location, mode },
    mitigations: parts.mitigations,
  };
}
