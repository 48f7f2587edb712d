import type { Frontend } from '../model/frontend';
import type { RelatedLocation } from './types';

/** The other definitions that took part (a target group, a binding, the Service), as related locations. */
export function frontendRelated(f: Frontend): RelatedLocation[] {
  return f.related.map((r) => ({ span: r.span, message: `${r.role}: part of this load balancer's path` }));
}
