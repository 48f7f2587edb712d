import { percent } from '../core/simulate/probability-text';
import { titleFor } from '../core/fix/titles';
import { Locator } from './locate';
import type { Report } from './report';

/** Compiler-style lines (file:line:col: level id name: message), then mitigations and a summary. */
export function formatText(report: Report): string {
  const loc = new Locator(report.texts);
  const lines: string[] = [];
  for (const f of report.result.findings) {
    const r = loc.region(f.span);
    lines.push(`${f.span.file}:${r.startLine}:${r.startColumn}: ${f.severity} ${f.ruleId} ${f.ruleName}: ${f.message}`);
    // The same titles as the editor's quick fixes: the change and its simulated effect, best first.
    const analysis = report.result.frontends.find((a) => a.frontend.id === f.frontendId);
    for (const m of f.mitigations.slice(0, 3)) {
      lines.push(`    fix: ${analysis ? titleFor(f, analysis, m) : `${m.title} -> worst client ${percent(m.failureAfter)}`}`);
    }
  }
  for (const p of report.result.suppressionProblems ?? []) {
    const r = loc.region(p.span);
    lines.push(`${p.span.file}:${r.startLine}:${r.startColumn}: ${p.severity} ${p.ruleId} ${p.ruleName}: ${p.message}`);
  }
  const notices = [...report.notices, ...report.result.notices];
  for (const n of notices) {
    const where = n.span ? `:${loc.region(n.span).startLine}` : '';
    lines.push(`${n.file}${where}: ${n.level === 'error' ? 'problem' : 'note'}: ${n.message}`);
  }
  const { findings, files, frontends, suppressed = [], suppressionProblems = [] } = report.result;
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  const summary = [
    `${plural(findings.length, 'finding')} (${count('error')} error, ${count('warning')} warning, ${count('info')} info) in ${plural(files.length, 'file')}`,
    `${plural(frontends.length, 'load balancer')} simulated`,
    ...(suppressed.length ? [`${suppressed.length} suppressed`] : []),
    ...(suppressionProblems.length ? [plural(suppressionProblems.length, 'suppression problem')] : []),
    ...(notices.length ? [plural(notices.length, 'notice')] : []),
  ];
  lines.push(`${summary.join('; ')}.`);
  return lines.join('\n') + '\n';
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
