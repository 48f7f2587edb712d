import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log } from 'sarif';
import { RULES } from '../core/rules/registry';
import { Locator, type Region } from './locate';
import { sarifLevel, type Report } from './report';

/** SARIF 2.1.0 for code scanning: rules from the registry, results with regions, notices as notifications. */
export function formatSarif(report: Report, cwd: string): string {
  const loc = new Locator(report.texts);
  const root = pathToFileURL(cwd.endsWith('/') ? cwd : `${cwd}/`).href;
  const artifact = (file: string) => ({ uri: relativeUri(file, cwd), uriBaseId: 'SRCROOT' });
  const physical = (file: string, region?: Region) => ({ artifactLocation: artifact(file), ...(region ? { region } : {}) });
  const ruleIndex = new Map(RULES.map((r, i) => [r.meta.id, i]));
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
            rules: RULES.map((r) => ({
              id: r.meta.id,
              name: r.meta.name,
              shortDescription: { text: r.meta.shortDescription },
              fullDescription: { text: r.meta.description },
              helpUri: docsUri(r.meta.docs),
              help: { text: r.meta.description },
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
        results: report.result.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
          level: sarifLevel(f.severity),
          message: { text: f.message },
          locations: [{ physicalLocation: physical(f.span.file, loc.region(f.span)) }],
          relatedLocations: f.related.map((r, i) => ({ id: i + 1, message: { text: r.message }, physicalLocation: physical(r.span.file, loc.region(r.span)) })),
          properties: { probability: f.probability, mode: f.mode, ...(f.probabilityExact ? { probabilityExact: f.probabilityExact } : {}) },
        })),
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
