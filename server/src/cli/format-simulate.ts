import { frontendReport } from '../core/explain/frontend-report';
import { sequenceDiagram } from '../core/explain/sequence-text';
import type { FrontendAnalysis } from '../core/rules/types';
import type { ClientResult } from '../core/simulate/enumerate';
import { percent } from '../core/simulate/probability-text';
import { effectiveCrossZone } from '../core/simulate/from-frontend';
import type { Sourced } from '../core/model/sourced';
import { Locator } from './locate';
import type { Report } from './report';

const worstMode = (c: ClientResult) => c.modes.find((m) => m.mode !== 'ok') ?? c.modes[0];

/** `simulate --format json`: per frontend, per client, with the representative trace. */
export function formatSimulateJson(report: Report): string {
  const loc = new Locator(report.texts);
  const frontends = report.result.frontends.map((a) => frontendReport(a, loc.region(a.frontend.head).startLine));
  const notices = [...report.notices, ...report.result.notices].map((n) => ({ file: n.file, level: n.level, message: n.message, ...(n.span ? { line: loc.region(n.span).startLine } : {}) }));
  return JSON.stringify({ version: report.version, frontends, notices }, null, 2) + '\n';
}

/** `simulate --format text`: a table per frontend and the failing handshake as an ASCII sequence diagram. */
export function formatSimulateText(report: Report, options: { readonly verbose?: boolean } = {}): string {
  const loc = new Locator(report.texts);
  const out: string[] = [];
  const listenersOf = (lb: string) => report.result.frontends.filter((x) => x.frontend.loadBalancer.id === lb).length;
  for (const a of report.result.frontends) {
    // A load balancer with several listeners (a Service's ports) gets a section per listener, named by its port.
    const port = listenersOf(a.frontend.loadBalancer.id) > 1 ? `, listener port ${a.frontend.listener.port.value}` : '';
    out.push(`${a.frontend.name} (${a.frontend.file}:${loc.region(a.frontend.head).startLine})${port}`);
    out.push(`  ${settings(a)}`);
    out.push('');
    out.push(`  ${'client'.padEnd(16)}${'P(fail)'.padEnd(18)}mode`);
    for (const c of a.simulation.clients) {
      const p = c.error ? `(${c.error})` : c.failureProbability.isZero() ? '0' : `${c.failureProbability} (${percent(c.failureProbability.toNumber())})`;
      out.push(`  ${c.location.padEnd(16)}${p.padEnd(18)}${worstMode(c)?.mode ?? '-'}`);
    }
    const k = a.cluster.workload.concurrentConnectionsPerSource;
    out.push(`  cross-zone tuple collisions: ${percent(a.simulation.collision.probability)} of new connections from a source holding ${k.value} connections (${k.origin}); ${a.simulation.collision.reason}`);
    if (a.whatIfs.length) {
      out.push('', '  what if (re-simulated):');
      for (const w of a.whatIfs) {
        const clients = w.result.clients.map((c) => `${c.location} ${c.failureProbability.toString()}`).join(', ');
        out.push(`    ${w.mitigation.id.padEnd(24)}${clients}; collisions ${percent(w.result.collision.probability)}`);
      }
    }
    const failing = a.simulation.clients
      .flatMap((c) => c.modes.filter((m) => m.mode !== 'ok').map((m) => ({ c, m })))
      .sort((x, y) => y.m.probability.compare(x.m.probability))[0];
    if (failing) {
      out.push('', `  failing handshake: ${failing.c.location}, ${failing.m.mode} (p=${failing.m.probability})`, '');
      out.push(...sequenceDiagram(failing.m.trace).trimEnd().split('\n').map((l) => `  ${l}`));
    }
    if (a.simulation.idle) out.push(`  idle timeouts: ${a.simulation.idle.resetOnReuse ? 'reset on reuse' : 'no reset'}: ${a.simulation.idle.reason}`);
    if (a.simulation.idleTrace) {
      out.push('', '  idle timeout: a pooled connection reused after the NLB dropped its flow', '');
      out.push(...sequenceDiagram(a.simulation.idleTrace).trimEnd().split('\n').map((l) => `  ${l}`));
    }
    if (a.simulation.collisionTrace) {
      out.push('', '  cross-zone tuple collision: two connections from one source port, through two NLB nodes, to one target', '');
      out.push(...sequenceDiagram(a.simulation.collisionTrace).trimEnd().split('\n').map((l) => `  ${l}`));
    }
    out.push('');
  }
  // Skipped files are counted; --verbose lists them with the reason, as check does.
  const notices = [...report.notices, ...report.result.notices];
  const skipped = new Set(notices.filter((n) => n.skipped === 'file').map((n) => n.file)).size;
  for (const n of notices) {
    if (n.skipped === 'file' && !options.verbose) continue;
    out.push(`${n.file}${n.span ? `:${loc.region(n.span).startLine}` : ''}: ${n.level}: ${n.message}`);
  }
  if (skipped > 0 && !options.verbose) out.push(`${skipped} file${skipped === 1 ? '' : 's'} skipped; --verbose lists them with the reason.`);
  if (report.result.frontends.length === 0) out.push('No AWS Network Load Balancer found.');
  return out.join('\n') + '\n';
}

function settings(a: FrontendAnalysis): string {
  const f = a.frontend;
  const o = (s: Sourced<unknown>) => (s.origin === 'explicit' ? 'written' : s.origin);
  const cz = effectiveCrossZone(f);
  return [
    `${f.targetGroup.targetType.value} targets (${o(f.targetGroup.targetType)})`,
    `client IP preservation ${f.targetGroup.preserveClientIp.value ? 'on' : 'off'} (${o(f.targetGroup.preserveClientIp)})`,
    `cross-zone ${cz.value ? 'on' : 'off'} (${o(cz)})`,
    `externalTrafficPolicy ${f.trafficPolicy.value} (${o(f.trafficPolicy)})`,
    `${f.loadBalancer.scheme.value} (${o(f.loadBalancer.scheme)})`,
    `CNI ${a.cluster.cni.value} (${o(a.cluster.cni)})`,
  ].join(', ');
}
