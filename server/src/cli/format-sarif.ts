import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, Result } from 'sarif';
import { ALL_RULE_METAS } from '../core/rules/registry';
import type { Finding } from '../core/rules/types';
import type { SuppressionProblem } from '../core/suppress/apply';
import { Locator, type Region } from './locate';
import { sarifLevel, type Report } from './report';

/**
 * SARIF 2.1.0 for code scanning: rules from the registry, results with regions, notices as
 * notifications. Suppressed findings stay results, with `suppressions[]` (kind inSource and the
 * reason), so code scanning shows them as dismissed in source rather than fixed.
 */
export function formatSarif(report: Report, cwd: string): string {
  const loc = new Locator(report.texts);
  const root = pathToFileURL(cwd.endsWith('/') ? cwd : `${cwd}/`).href;
  const artifact = (file: string) => ({ uri: relativeUri(file, cwd), uriBaseId: 'SRCROOT' });
  const physical = (file: string, region?: Region) => ({ artifactLocation: artifact(file), ...(region ? { region } : {}) });
  const ruleIndex = new Map(ALL_RULE_METAS.map((m, i) => [m.id, i]));
  const findingResult = (f: Finding): Result => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
    level: sarifLevel(f.severity),
    message: { text: f.message },
    locations: [{ physicalLocation: physical(f.span.file, loc.region(f.span)) }],
    relatedLocations: f.related.map((r, i) => ({ id: i + 1, message: { text: r.message }, physicalLocation: physical(r.span.file, loc.region(r.span)) })),
    ...(f.suppression
      ? {
          suppressions: [
            {
              kind: 'inSource',
              ...(f.suppression.justification !== undefined ? { justification: f.suppression.justification } : {}),
              location: { physicalLocation: physical(f.suppression.span.file, loc.region(f.suppression.span)) },
            },
          ],
        }
      : {}),
    properties: { probability: f.probability, mode: f.mode, ...(f.probabilityExact ? { probabilityExact: f.probabilityExact } : {}) },
  });
  const problemResult = (p: SuppressionProblem): Result => ({
    ruleId: p.ruleId,
    ruleIndex: ruleIndex.get(p.ruleId) ?? -1,
    level: sarifLevel(p.severity),
    message: { text: p.message },
    locations: [{ physicalLocation: physical(p.span.file, loc.region(p.span)) }],
    ...(p.fix
      ? {
          fixes: [
            {
              description: { text: p.fix.title },
              artifactChanges: [...new Set(p.fix.edits.map((e) => e.file))].map((file) => ({
                artifactLocation: artifact(file),
                replacements: p.fix!.edits.filter((e) => e.file === file).map((e) => ({ deletedRegion: loc.region({ file, start: e.start, end: e.end }), insertedContent: { text: e.newText } })),
              })),
            },
          ],
        }
      : {}),
  });
  const sarif: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'hairpin',
            version: report.version,
            informationUri: docsUri('README.md'),
            rules: ALL_RULE_METAS.map((m) => ({
              id: m.id,
              name: m.name,
              shortDescription: { text: m.shortDescription },
              fullDescription: { text: m.description },
              helpUri: docsUri(m.docs),
              help: { text: m.description },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: root } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [...report.notices, ...report.result.notices].map((n) => ({
              level: n.level === 'info' ? ('note' as const) : n.level,
              message: { text: n.message },
              locations: [{ physicalLocation: physical(n.file, n.span ? loc.region(n.span) : undefined) }],
            })),
          },
        ],
        results: [
          ...report.result.findings.map(findingResult),
          ...(report.result.suppressed ?? []).map(findingResult),
          ...(report.result.suppressionProblems ?? []).map(problemResult),
        ],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function relativeUri(file: string, cwd: string): string {
  const abs = resolve(cwd, file);
  const base = resolve(cwd);
  const rel = abs.startsWith(base + '/') ? abs.slice(base.length + 1) : abs;
  return rel.split('/').map(encodeURIComponent).join('/');
}

/** Rule pages ship with the package, next to the bundle. */
function docsUri(relative: string): string {
  return pathToFileURL(resolve(__dirname, '..', relative)).href;
}
