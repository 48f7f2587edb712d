import { impactText } from '../core/rules/impact';
import { percent } from '../core/simulate/probability-text';
import { titleFor } from '../core/fix/titles';
import type { Finding } from '../core/rules/types';
import type { Notice } from '../core/model/workspace';
import { plain, type Paint, type Style } from './colour';
import { Locator } from './locate';
import type { Report } from './report';

export interface TextOptions {
  readonly paint?: Paint;
  /** Skipped files listed with the reason, and each finding's message, other fixes and related files. */
  readonly verbose?: boolean;
}

/** One line of the report under its file's header; `details` are printed under it with --verbose. */
interface Row {
  readonly line: number;
  readonly column: number;
  readonly cells: readonly [position: string, level: string, rule: string, probability: string];
  readonly levelStyle: Style;
  readonly text: string;
  readonly details: readonly string[];
}

const LEVEL_STYLE: Record<string, Style> = { error: 'red', problem: 'red', warning: 'yellow', info: 'cyan', note: 'cyan', hint: 'dim' };

/**
 * Grouped by file, like ESLint's stylish formatter: a header per file, then one line per finding with
 * its position, severity, rule, failure probability and best fix; problems of suppressions and notices
 * the same way. Skipped files are only counted unless `verbose`. A summary line ends it.
 */
export function formatText(report: Report, options: TextOptions = {}): string {
  const paint = options.paint ?? plain;
  const verbose = options.verbose ?? false;
  const loc = new Locator(report.texts);
  const groups = new Map<string, Row[]>();
  const add = (file: string, row: Row) => (groups.get(file) ?? groups.set(file, []).get(file)!).push(row);

  for (const f of report.result.findings) {
    const r = loc.region(f.span);
    const fixes = fixTitles(report, f);
    const related = f.related.map((x) => `related: ${x.span.file}:${loc.region(x.span).startLine}: ${x.message}`);
    add(f.span.file, {
      line: r.startLine,
      column: r.startColumn,
      cells: [`${r.startLine}:${r.startColumn}`, f.severity, `${f.ruleId} ${f.ruleName}`, impactText(f)],
      levelStyle: LEVEL_STYLE[f.severity]!,
      text: fixes.length ? `fix: ${fixes[0]}` : f.message,
      details: [...(fixes.length ? [f.message] : []), ...fixes.slice(1).map((t, i) => `fix ${i + 2}: ${t}`), ...related],
    });
  }
  for (const p of report.result.suppressionProblems ?? []) {
    const r = loc.region(p.span);
    add(p.span.file, {
      line: r.startLine,
      column: r.startColumn,
      cells: [`${r.startLine}:${r.startColumn}`, p.severity, `${p.ruleId} ${p.ruleName}`, ''],
      levelStyle: LEVEL_STYLE[p.severity]!,
      text: p.message,
      details: p.fix ? [`fix: ${p.fix.title}`] : [],
    });
  }
  const notices = [...report.notices, ...report.result.notices];
  const skipped = notices.filter(isSkippedFile);
  for (const n of notices) {
    if (isSkippedFile(n) && !verbose) continue;
    const r = n.span ? loc.region(n.span) : undefined;
    const level = n.level === 'error' ? 'problem' : 'note';
    add(n.file, { line: r?.startLine ?? 0, column: r?.startColumn ?? 0, cells: [r ? `${r.startLine}` : '', level, '', ''], levelStyle: LEVEL_STYLE[level]!, text: n.message, details: [] });
  }

  const rows = [...groups.values()].flat();
  const widths = [0, 1, 2, 3].map((k) => Math.max(0, ...rows.map((row) => row.cells[k]!.length)));
  const lines: string[] = [];
  for (const [file, fileRows] of groups) {
    lines.push(paint('underline', file));
    for (const row of fileRows.sort((a, b) => a.line - b.line || a.column - b.column)) {
      // Padded outside the colour codes, so that columns line up with and without colour.
      const styles: readonly (Style | undefined)[] = ['dim', row.levelStyle, undefined, 'bold'];
      const cells = row.cells.map((c, k) => (styles[k] ? paint(styles[k]!, c) : c) + ' '.repeat(widths[k]! - c.length));
      // A notice has no rule or probability: its message follows its level, not two empty columns.
      const shown = cells.filter((_cell, k) => widths[k]! > 0 && (k < 2 || row.cells[2] !== '' || row.cells[3] !== ''));
      lines.push(`  ${[...shown, row.text].join('  ')}`.trimEnd());
      if (verbose) for (const d of row.details) lines.push(`      ${d}`);
    }
    lines.push('');
  }
  const skippedFiles = new Set(skipped.map((n) => n.file)).size;
  if (skippedFiles > 0) lines.push(verbose ? `${plural(skippedFiles, 'file')} skipped (listed above).` : `${plural(skippedFiles, 'file')} skipped; --verbose lists them with the reason.`);
  if (report.result.findings.length > 0 && !verbose) lines.push(paint('dim', 'hairpin explain FILE:LINE shows why and the failing handshake; --verbose prints each message and every fix.'));
  lines.push(summary(report, notices.length - skipped.length, paint));
  return lines.join('\n') + '\n';
}

/** The same titles as the editor's quick fixes: the change and its simulated effect, best first. */
function fixTitles(report: Report, f: Finding): string[] {
  const analysis = report.result.frontends.find((a) => a.frontend.id === f.frontendId);
  return f.mitigations.slice(0, 3).map((m) => (analysis ? titleFor(f, analysis, m) : `${m.title} -> worst client ${percent(m.failureAfter)}`));
}

function isSkippedFile(n: Notice): boolean {
  return n.skipped === 'file';
}

function summary(report: Report, shownNotices: number, paint: Paint): string {
  const { findings, files, frontends, suppressed = [], suppressionProblems = [] } = report.result;
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  const parts = [
    `${plural(findings.length, 'finding')} (${count('error')} error, ${count('warning')} warning, ${count('info')} info) in ${plural(files.length, 'file')}`,
    // A Service's NLB is simulated once per port; the summary counts load balancers.
    `${plural(new Set(frontends.map((a) => a.frontend.loadBalancer.id)).size, 'load balancer')} simulated`,
    ...(suppressed.length ? [`${suppressed.length} suppressed`] : []),
    ...(suppressionProblems.length ? [plural(suppressionProblems.length, 'suppression problem')] : []),
    ...(shownNotices ? [plural(shownNotices, 'notice')] : []),
  ];
  const style: Style = count('error') ? 'red' : count('warning') ? 'yellow' : 'green';
  return paint('bold', paint(style, `${parts.join('; ')}.`));
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
