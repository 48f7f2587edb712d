import { percent } from '../simulate/probability-text';
import type { Finding } from './types';

/**
 * What a finding's figure means, in words a report prints next to it. Most findings carry a failure
 * probability per connection (per new connection for collisions). HP105 does not: every pooled
 * connection left idle inside its window is reset on reuse, and none outside it, so it prints the window
 * ("resets pooled connections idle 350–3600 s"), never its `probability` of 1 as "100%".
 */
export function impactText(f: Pick<Finding, 'probability' | 'probabilityExact' | 'idleWindow'>): string {
  if (f.idleWindow) return `resets pooled connections idle ${f.idleWindow.fromSeconds}–${f.idleWindow.toSeconds} s`;
  const exact = f.probabilityExact && f.probabilityExact.includes('/') ? `${f.probabilityExact} (${percent(f.probability)})` : percent(f.probability);
  return `P(fail) ${exact}`;
}
