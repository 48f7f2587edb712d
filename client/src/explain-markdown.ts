import type { ExplainResult, LspLocation } from '../../server/src/protocol';

/** Where a location is, for a reader: `gateway-service.yaml:11` (its path relative by the caller's rule). */
export type LocationText = (location: LspLocation) => string;

const percent = (p: number): string => (p === 0 ? '0%' : p < 0.001 ? '< 0.1%' : `${(p * 100).toFixed(p < 0.1 ? 2 : 1).replace(/\.0+$/, '')}%`);
const code = (v: unknown): string => '`' + String(typeof v === 'object' ? JSON.stringify(v) : v).replace(/`/g, "'") + '`';
/** Table cells: a pipe or a newline would break the row. */
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/**
 * "Hairpin: Explain This Setting" as markdown: the `hairpin/explain` answer (the hover's content as data)
 * laid out for a read-only preview. Pure, so it is tested without VS Code.
 */
export function explanationMarkdown(e: ExplainResult, where: LocationText): string {
  const out: string[] = [`# Hairpin: ${e.field}`, ''];
  if (e.frontend) out.push(`Load balancer **${e.frontend.name}**, defined at ${where(e.frontend.location)}.`, '');
  if (e.note) out.push(e.note, '');
  if (e.values.length) {
    out.push('## Values', '');
    for (const v of e.values) {
      out.push(`- **${v.label}** = ${code(v.value)}: ${v.source}${v.location ? ` (${where(v.location)})` : ''}`);
      for (const line of v.effect) out.push(`  - ${line}`);
    }
    out.push('');
  }
  if (e.clients.length) {
    out.push('## Clients simulated', '', '| client | connections that fail | how |', '|---|---|---|');
    for (const c of e.clients) {
      const fails = c.failureProbability === 0 ? 'none' : `${c.failureProbabilityExact} (${percent(c.failureProbability)})`;
      out.push(`| ${cell(c.description)} | ${fails} | ${cell(c.error ?? (c.modes.join(', ') || 'completes'))} |`);
    }
    out.push('');
  }
  if (e.collision && e.collision.probability > 0) out.push(`Tuple collisions: ${percent(e.collision.probability)} of new connections from a busy source. ${e.collision.reason}`, '');
  if (e.whatIfs.length) {
    out.push('## What if (re-simulated)', '', '| change | worst client fails | collisions |', '|---|---|---|');
    for (const w of e.whatIfs) out.push(`| ${cell(w.title)} | ${percent(w.worstFailure)} | ${percent(w.collision)} |`);
    out.push('');
  }
  if (e.cluster) out.push('## Cluster', '', e.cluster, '');
  out.push(`_Explained at ${where(e.location)}. Hairpin simulates; nothing was deployed or executed._`, '');
  return out.join('\n');
}
