import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ArtifactLocation, Log, Notification, PhysicalLocation, Result } from 'sarif';
import type { Notice } from '../core/model/workspace';
import { ALL_RULE_METAS } from '../core/rules/registry';
import { impactText } from '../core/rules/impact';
import type { Finding } from '../core/rules/types';
import type { SuppressionProblem } from '../core/suppress/apply';
import { Locator, type Region } from './locate';
import { sarifLevel, type Report } from './report';
import { disambiguate, fingerprint, FINGERPRINT_KEY, stableSubject } from './sarif-fingerprint';
import { sarifRule, webDocsBase, webHomepage, type PackageLinks } from './sarif-rules';

/** package.json's version, homepage and repository, put in by the build (scripts/build.mjs). */
declare const HAIRPIN_PACKAGE_LINKS: PackageLinks | undefined;
const PACKAGE_LINKS: PackageLinks = typeof HAIRPIN_PACKAGE_LINKS === 'object' ? HAIRPIN_PACKAGE_LINKS : { version: '0.0.0-dev' };

/** Files are named relative to this base; its URI is the folder `hairpin check` ran in (the checkout root in CI). */
export const SRCROOT = '%SRCROOT%';

/** The file name the CLI gives notices about Hairpin itself (the tree-sitter grammars did not load). */
const TOOL_NOTICE_FILE = '(hairpin)';

/**
 * SARIF 2.1.0 for GitHub code scanning: rules from the registry with their pages as help, results with
 * regions, the other files of the chain as related locations, line-independent fingerprints, and skipped
 * files as notifications. Suppressed findings stay results, with `suppressions[]` (kind inSource and the
 * reason), so code scanning shows them as dismissed in source rather than fixed.
 */
export function formatSarif(report: Report, cwd: string, links: PackageLinks = PACKAGE_LINKS): string {
  const loc = new Locator(report.texts);
  const base = resolve(cwd);
  const relative = (file: string) => relativePath(file, base);
  const artifact = (file: string): ArtifactLocation => {
    const rel = relative(file);
    return rel === undefined ? { uri: pathToFileURL(file).href } : { uri: rel.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  };
  const physical = (file: string, region?: Region): PhysicalLocation => ({ artifactLocation: artifact(file), ...(region ? { region } : {}) });
  const ruleIndex = new Map(ALL_RULE_METAS.map((m, i) => [m.id, i]));
  const subjectFile = (file: string) => relative(file) ?? file;

  const findingResult = (f: Finding): Result => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
    level: sarifLevel(f.severity),
    message: { text: f.message },
    locations: [{ physicalLocation: physical(f.span.file, loc.region(f.span)) }],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(f.ruleId, stableSubject(f.frontendId, base), subjectFile(f.span.file)) },
    ...(f.related.length > 0
      ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, message: { text: r.message }, physicalLocation: physical(r.span.file, loc.region(r.span)) })) }
      : {}),
    ...(f.suppression
      ? {
          suppressions: [
            {
              kind: 'inSource' as const,
              ...(f.suppression.justification !== undefined ? { justification: f.suppression.justification } : {}),
              location: { physicalLocation: physical(f.suppression.span.file, loc.region(f.suppression.span)) },
            },
          ],
        }
      : {}),
    properties: { probability: f.probability, mode: f.mode, ...(f.probabilityExact ? { probabilityExact: f.probabilityExact } : {}), impact: impactText(f), ...(f.idleWindow ? { idleWindow: f.idleWindow } : {}) },
  });
  // A suppression problem is about the directive itself: its text is its identity.
  const directiveText = (p: SuppressionProblem) => (report.texts.get(p.span.file) ?? '').slice(p.span.start, p.span.end).trim();
  const problemResult = (p: SuppressionProblem): Result => ({
    ruleId: p.ruleId,
    ruleIndex: ruleIndex.get(p.ruleId) ?? -1,
    level: sarifLevel(p.severity),
    message: { text: p.message },
    locations: [{ physicalLocation: physical(p.span.file, loc.region(p.span)) }],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(p.ruleId, directiveText(p), subjectFile(p.span.file)) },
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
  const notification = (n: Notice): Notification => ({
    level: n.level === 'info' ? 'note' : n.level,
    message: { text: n.message },
    ...(n.file !== TOOL_NOTICE_FILE ? { locations: [{ physicalLocation: physical(n.file, n.span ? loc.region(n.span) : undefined) }] } : {}),
  });

  const notices = [...report.notices, ...report.result.notices];
  const results = [...report.result.findings.map(findingResult), ...(report.result.suppressed ?? []).map(findingResult), ...(report.result.suppressionProblems ?? []).map(problemResult)];
  const prints = disambiguate(results.map((r) => r.partialFingerprints![FINGERPRINT_KEY]!));
  results.forEach((r, i) => (r.partialFingerprints = { [FINGERPRINT_KEY]: prints[i]! }));
  const docsBase = webDocsBase(links);
  const homepage = webHomepage(links);
  const sarif: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'hairpin',
            version: report.version,
            ...(homepage ? { informationUri: homepage } : {}),
            rules: ALL_RULE_METAS.map((m) => sarifRule(m, docsBase)),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(base.endsWith('/') ? base : `${base}/`).href } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            // Skipped files do not make a run unsuccessful; Hairpin failing to load a reader, or an internal error, does.
            executionSuccessful: !notices.some((n) => n.file === TOOL_NOTICE_FILE || n.message.startsWith('Internal error')),
            toolExecutionNotifications: notices.map(notification),
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** The path below `base`, or undefined for a file outside it (`<stdin>` is below it, as its own name). */
function relativePath(file: string, base: string): string | undefined {
  const abs = resolve(base, file);
  const root = base.endsWith('/') ? base : `${base}/`;
  return abs.startsWith(root) ? abs.slice(root.length) : undefined;
}
