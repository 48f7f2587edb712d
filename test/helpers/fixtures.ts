import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type AnalysisResult } from '../../server/src/core/analyze';
import type { SourceFile } from '../../server/src/core/model/workspace';

export const FIXTURES = join(__dirname, '..', 'fixtures');

export function fixture(relative: string): SourceFile {
  return { path: relative, text: readFileSync(join(FIXTURES, relative), 'utf8') };
}

export function analyzeFixtures(...relative: string[]): AnalysisResult {
  return analyze(relative.map(fixture));
}

/** Text covered by a span, for asserting where a value was found. */
export function textAt(file: SourceFile, span: { start: number; end: number }): string {
  return file.text.slice(span.start, span.end);
}

export function ruleIds(result: AnalysisResult): string[] {
  return result.findings.map((f) => f.ruleId).sort();
}

/** How many load balancers an analysis simulated: a Service's NLB has one frontend per port. */
export function loadBalancerCount(r: { readonly frontends: readonly { readonly frontend: { readonly loadBalancer: { readonly id: string } } }[] }): number {
  return new Set(r.frontends.map((a) => a.frontend.loadBalancer.id)).size;
}
