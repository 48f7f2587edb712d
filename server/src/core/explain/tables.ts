import { describeClient } from '../rules/clients';
import { originWord } from '../model/sourced';
import type { FrontendAnalysis } from '../rules/types';
import { percent } from '../simulate/probability-text';
import { whatIfVerdict, worstFailure } from '../rules/rank-mitigations';
import type { ClientResult } from '../simulate/enumerate';

/** Markdown table of per-client failure probabilities. */
export function clientTable(a: FrontendAnalysis): string {
  const rows = a.simulation.clients.map((c) => `| ${describeClient(c.location, a.cluster.endpoints.value, !!a.simulation.scenario.plainTargets)} | ${fraction(c)} | ${modeText(c)} |`);
  return ['| client | P(connection fails) | how |', '|---|---|---|', ...rows].join('\n');
}

/** Markdown list of re-simulated mitigations. */
export function whatIfList(a: FrontendAnalysis): string {
  if (a.whatIfs.length === 0) return '';
  const worst = (cs: readonly ClientResult[]) => percent(worstFailure(cs, () => true).toNumber());
  const lines = a.whatIfs.map((w) => `- ${w.mitigation.title}: worst client ${worst(w.result.clients)}, cross-zone collisions ${percent(w.result.collision.probability)}${verdict(a, w)}`);
  return [`**What if** (each re-simulated; now: worst client ${worst(a.simulation.clients)}, collisions ${percent(a.simulation.collision.probability)})`, ...lines].join('\n');
}

export function clusterNote(a: FrontendAnalysis): string {
  const c = a.cluster;
  // No cluster is assumed behind a target group nothing describes: say so rather than list a stand-in.
  if (c.targetKind?.value === 'unknown') return `_Targets unknown (${originWord(c.targetKind)}: ${c.targetKind.why ?? ''}); no cluster or client is assumed._`;
  const zones = c.zones.value.map((z) => `${z.name}: ${z.nodes.join(', ')}${z.unnamed ? ` and ${z.unnamed} more` : ''}`).join('; ');
  const cni = `CNI ${c.cni.value} (${originWord(c.cni)}${c.cni.why ? `: ${c.cni.why}` : ''})`;
  return `_Cluster: ${zones}; ${cni}; gateway pods ${Object.entries(c.endpoints.value).map(([n, k]) => `${n}×${k}`).join(', ')} (${originWord(c.zones)}: ${c.zones.why ?? ''})._`;
}

function fraction(c: ClientResult): string {
  if (c.error) return `not simulated: ${c.error}`;
  const p = c.failureProbability;
  return p.isZero() ? '0' : `${p.toString()} (${percent(p.toNumber())})`;
}

function modeText(c: ClientResult): string {
  return c.modes.filter((m) => m.mode !== 'ok').map((m) => m.mode).join(', ') || 'established';
}

/** ` (removes the collisions; does not fix the connection failures)`: a what-if is not a fix of everything. */
export function verdict(a: FrontendAnalysis, w: FrontendAnalysis['whatIfs'][number]): string {
  const v = whatIfVerdict(a, w);
  return v ? ` (${v})` : '';
}
