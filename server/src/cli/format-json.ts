import { impactText } from '../core/rules/impact';
import type { Finding } from '../core/rules/types';
import { Locator } from './locate';
import type { Report } from './report';

/** Stable JSON for scripts: findings (reported and suppressed) with 1-based regions, suppression problems, notices, and per-frontend client results. */
export function formatJson(report: Report): string {
  const loc = new Locator(report.texts);
  const { result } = report;
  const finding = (f: Finding) => ({
    ruleId: f.ruleId,
    name: f.ruleName,
    severity: f.severity,
    message: f.message,
    file: f.span.file,
    ...loc.region(f.span),
    probability: f.probability,
    ...(f.probabilityExact ? { probabilityExact: f.probabilityExact } : {}),
    // What the figure means in words; HP105's probability is not a failure rate, its idleWindow is what it is about.
    impact: impactText(f),
    ...(f.idleWindow ? { idleWindow: f.idleWindow } : {}),
    mode: f.mode,
    related: f.related.map((r) => ({ file: r.span.file, ...loc.region(r.span), message: r.message })),
    mitigations: f.mitigations,
  });
  return (
    JSON.stringify(
      {
        version: report.version,
        findings: result.findings.map(finding),
        // Suppressed findings in full, each with the comment or annotation that suppressed it.
        suppressed: (result.suppressed ?? []).map((f) => ({
          ...finding(f),
          suppression: {
            kind: f.suppression!.kind,
            ...(f.suppression!.justification !== undefined ? { justification: f.suppression!.justification } : {}),
            file: f.suppression!.span.file,
            ...loc.region(f.suppression!.span),
          },
        })),
        suppressionProblems: (result.suppressionProblems ?? []).map((p) => ({
          ruleId: p.ruleId,
          name: p.ruleName,
          severity: p.severity,
          message: p.message,
          file: p.span.file,
          ...loc.region(p.span),
        })),
        frontends: result.frontends.map((a) => ({
          name: a.frontend.name,
          file: a.frontend.file,
          line: loc.region(a.frontend.head).startLine,
          // A Service's NLB has a listener per port: the port tells its entries apart.
          port: a.frontend.listener.port.value,
          clients: a.simulation.clients.map((c) => ({
            location: c.location,
            failureProbability: c.failureProbability.toNumber(),
            failureProbabilityExact: c.failureProbability.toString(),
            mode: c.modes.find((m) => m.mode !== 'ok')?.mode ?? 'ok',
            ...(c.error ? { error: c.error } : {}),
          })),
          collision: a.simulation.collision,
        })),
        notices: [...report.notices, ...result.notices].map((n) => ({ file: n.file, level: n.level, message: n.message, ...(n.span ? loc.region(n.span) : {}) })),
      },
      null,
      2,
    ) + '\n'
  );
}
