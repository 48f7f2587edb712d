import { describeOrigin } from '../model/sourced';
import type { FrontendAnalysis } from '../rules/types';
import { percent } from '../simulate/probability-text';
import type { Explanation } from './explain';
import { clientRows, worst } from './explain';
import { sequenceDiagram } from './sequence-text';
import { captureFilters } from './tcpdump';
import { clusterNote, verdict } from './tables';

/** Markdown emphasis and code ticks read as noise in a terminal. */
const plain = (s: string) => s.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`]*)`/g, '$1');

/**
 * `hairpin explain` as text: the hover's explanation, the client table, the failing handshake as an
 * ASCII sequence diagram, the re-simulated what-ifs and tcpdump filters. `traced` is the same frontend
 * simulated with full traces (core/simulate/resimulate).
 */
export function explanationText(e: Explanation | undefined, traced: FrontendAnalysis): string {
  const a = traced;
  const out: string[] = [];
  out.push(`${a.frontend.name}`);
  if (e) {
    out.push('', `${e.field}:`);
    for (const v of e.values) {
      out.push(`  ${v.label} = ${String(v.value.value)} (${describeOrigin(v.value)})`);
      for (const p of v.effect) out.push(`    ${plain(p)}`);
    }
  }
  out.push('', '  client'.padEnd(52) + 'P(connection fails)   how');
  for (const c of clientRows(a)) {
    const p = c.error ? `not simulated: ${c.error}` : c.failureProbability === 0 ? '0' : `${c.failureProbabilityExact} (${percent(c.failureProbability)})`;
    out.push(`  ${c.description.padEnd(50)}${p.padEnd(22)}${c.modes.join(', ') || 'established'}`);
  }
  out.push(`  cross-zone tuple collisions: ${percent(a.simulation.collision.probability)} of new connections from a busy source (${a.simulation.collision.reason})`);
  out.push(`  ${clusterNote(a).replace(/^_|_$/g, '')}`);
  if (a.whatIfs.length) {
    out.push('', `What if (each re-simulated; now: worst client ${percent(worst(a.simulation.clients))}):`);
    for (const w of a.whatIfs) out.push(`  ${w.mitigation.title}: worst client ${percent(worst(w.result.clients))}, collisions ${percent(w.result.collision.probability)}${verdict(a, w)}`);
  }
  const failing = a.simulation.clients
    .flatMap((c) => c.modes.filter((m) => m.mode !== 'ok').map((m) => ({ c, m })))
    .sort((x, y) => y.m.probability.compare(x.m.probability))[0];
  if (a.simulation.idle) out.push(`  idle timeouts: ${a.simulation.idle.reason}`);
  const trace = failing?.m.trace ?? a.simulation.collisionTrace ?? a.simulation.idleTrace;
  if (failing) out.push('', `Failing handshake: ${failing.c.location}, ${failing.m.mode} (p=${failing.m.probability})`, '');
  else if (trace && trace === a.simulation.idleTrace) out.push('', 'Idle timeout: a pooled connection reused after the NLB dropped its idle flow', '');
  else if (trace) out.push('', 'Cross-zone tuple collision: two connections from one source port, through two NLB nodes, to one target', '');
  if (trace) {
    out.push(...sequenceDiagram(trace).trimEnd().split('\n').map((l) => `  ${l}`));
    const filters = captureFilters(trace, a.simulation.scenario);
    if (filters.length) {
      out.push('', 'To see the same flow on a live cluster (replace the simulated addresses with real ones):');
      for (const f of filters) out.push(`  on ${f.node}, ${f.role}:`, `    ${f.command}`);
    }
  } else {
    out.push('', 'No client fails: there is no failing handshake to draw.');
  }
  return out.join('\n') + '\n';
}
