import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { analyze, type AnalysisConfig, type AnalysisResult } from '../../server/src/core/analyze';
import { fixesFor } from '../../server/src/core/fix/fixes';
import { applyEdits, type FixProposal, type TextEdit } from '../../server/src/core/fix/types';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { withTree } from '../../server/src/core/parse/tree-sitter';
import type { Finding } from '../../server/src/core/rules/types';

export interface Fixable {
  readonly result: AnalysisResult;
  readonly finding: Finding;
  readonly proposals: FixProposal[];
}

/** Analyses `files` and returns the fixes of the first finding of `ruleId` (in `file`, when given). */
export function fixesOf(files: readonly SourceFile[], ruleId: string, config: AnalysisConfig = {}, file?: string): Fixable {
  const result = analyze(files, config);
  const finding = result.findings.find((f) => f.ruleId === ruleId && (!file || f.span.file === file));
  assert.ok(finding, `no ${ruleId} in ${JSON.stringify(result.findings.map((f) => [f.ruleId, f.span.file]))}`);
  const analysis = result.frontends.find((a) => a.frontend.id === finding.frontendId)!;
  const frontendOf = (id: string) => result.frontends.find((a) => a.frontend.id === id);
  return { result, finding, proposals: fixesFor(finding, analysis, (p) => files.find((f) => f.path === p)?.text, frontendOf) };
}

/** The files with a proposal's edits applied. */
export function applyProposal(files: readonly SourceFile[], p: FixProposal): SourceFile[] {
  return files.map((f) => {
    const mine = p.edits.filter((e) => e.file === f.path);
    return mine.length ? { ...f, text: applyEdits(f.text, mine) } : f;
  });
}

/** Whether the text still parses in its own format (YAML, JSON, HCL, TypeScript, Python). */
export function parsesCleanly(file: SourceFile): boolean {
  const p = file.path.toLowerCase();
  if (p.endsWith('.json')) {
    try {
      JSON.parse(file.text.replace(/^\uFEFF/, '')); // a byte order mark is not JSON, but every reader of templates skips it
      return true;
    } catch {
      return false;
    }
  }
  if (/\.ya?ml$/.test(p)) return parseAllDocuments(file.text).every((d) => d.errors.length === 0);
  const lang = /\.(tf|tfvars)$/.test(p) ? 'hcl' : p.endsWith('.py') ? 'python' : p.endsWith('.ts') ? 'typescript' : undefined;
  if (!lang) return true;
  const ok = withTree(lang, file.text, (root) => !root.hasError);
  assert.notEqual(ok, undefined, `the ${lang} grammar is not loaded`);
  return ok!;
}

/**
 * The edited files parse, every line the edits did not touch is still there byte for byte and in
 * order (comments, key order, quoting, indentation), and only the edited lines changed.
 */
export function assertConfined(before: readonly SourceFile[], after: readonly SourceFile[], edits: readonly TextEdit[]): void {
  for (const a of after) {
    const b = before.find((x) => x.path === a.path)!;
    if (a.text === b.text) continue;
    assert.ok(parsesCleanly(a), `${a.path} no longer parses:\n${a.text}`);
    const mine = edits.filter((e) => e.file === a.path);
    const touched = new Set<number>();
    for (const e of mine) {
      const first = b.text.slice(0, e.start).split('\n').length - 1;
      const last = b.text.slice(0, e.end).split('\n').length - 1;
      for (let i = first; i <= last; i++) touched.add(i);
    }
    const lines = a.text.split('\n');
    let j = 0;
    b.text.split('\n').forEach((line, i) => {
      if (touched.has(i)) return;
      while (j < lines.length && lines[j] !== line) j++;
      assert.ok(j < lines.length, `${a.path}: untouched line ${i + 1} ${JSON.stringify(line)} changed or moved`);
      j++;
    });
  }
}

/** Applies `p`, re-analyses, and checks the finding is gone, nothing new appeared and the edit is confined. */
export function assertFixes(files: readonly SourceFile[], fx: Fixable, p: FixProposal, config: AnalysisConfig = {}): SourceFile[] {
  assert.ok(p.edits.length > 0, `${p.title} has no edits: ${p.unavailable}`);
  const after = applyProposal(files, p);
  assertConfined(files, after, p.edits);
  const again = analyze(after, config);
  const key = (f: Finding) => `${f.ruleId} ${f.frontendId}`;
  assert.ok(!again.findings.some((f) => key(f) === key(fx.finding)), `${key(fx.finding)} is still reported after "${p.title}"`);
  const known = new Set(fx.result.findings.map(key));
  assert.deepEqual(again.findings.filter((f) => !known.has(key(f))).map(key), [], `"${p.title}" brought a new finding`);
  const noticed = new Set(fx.result.notices.map((n) => n.message));
  assert.deepEqual(again.notices.filter((n) => n.level !== 'info' && !noticed.has(n.message)).map((n) => n.message), [], `"${p.title}" brought a new warning`);
  return after;
}
