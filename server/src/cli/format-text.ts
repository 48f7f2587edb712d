import { percent } from '../core/simulate/probability-text';
import { Locator } from './locate';
import type { Report } from './report';

/** Compiler-style lines (file:line:col: level id name: message), then mitigations and a summary. */
export function formatText(report: Report): string {
  const loc = new Locator(report.texts);
  const lines: string[] = [];
  for (const f of report.result.findings) {
    const r = loc.region(f.span);
    lines.push(`${f.span.file}:${r.startLine}:${r.startColumn}: ${f.severity} ${f.ruleId} ${f.ruleName}: ${f.message}`);
    for (const m of f.mitigations.slice(0, 3)) {
      lines.push(`    fix: ${m.title} -> worst client ${percent(m.failureAfter)}, collisions ${percent(m.collisionAfter)} (simulated)`);
    }
  }
  const notices = [...report.notices, ...report.result.notices];
  for (const n of notices) {
    const where = n.span ? `:${loc.region(n.span).startLine}` : '';
    lines.push(`${n.file}${where}: ${n.level === 'error' ? 'problem' : 'note'}: ${n.message}`);
  }
  const count = (s: string) => report.result.findings.filter((f) => f.severity === s).length;
  const total = report.result.findings.length;
  lines.push(
    `${total} finding${total === 1 ? '' : 's'} (${count('error')} error, ${count('warning')} warning, ${count('info')} info) in ${report.result.files.length} file${
      report.result.files.length === 1 ? '' : 's'
    }; ${report.result.frontends.length} load balancer${report.result.frontends.length === 1 ? '' : 's'} simulated${notices.length ? `; ${notices.length} notice${notices.length === 1 ? '' : 's'}` : ''}.`,
  );
  return lines.join('\n') + '\n';
}
