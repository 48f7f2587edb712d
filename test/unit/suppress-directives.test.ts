import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze, type AnalysisResult } from '../../server/src/core/analyze';
import { applyEdits } from '../../server/src/core/fix/types';
import { readFile } from '../../server/src/core/parse/read-file';
import type { SourceFile } from '../../server/src/core/model/workspace';
import { applySuppressions } from '../../server/src/core/suppress/apply';
import { commentStyleOf } from '../../server/src/core/suppress/comment-style';
import { scanCommentDirectives } from '../../server/src/core/suppress/scan-comments';
import { lineAt, lineBefore, textLines } from '../../server/src/core/suppress/text-lines';
import { fixture } from '../helpers/fixtures';
import { insertAbove } from '../helpers/insert-line';

const SERVICE = 'same-nlb/service.yaml'; // HP101 on `name: gateway`, HP103 on the attributes annotation

function ids(r: AnalysisResult, key: 'findings' | 'suppressed' | 'suppressionProblems'): string[] {
  return (r[key] ?? []).map((f) => f.ruleId).sort();
}

function withAnnotation(value: string): SourceFile {
  const file = fixture(SERVICE);
  return { ...file, text: file.text.replace('  annotations:\n', `  annotations:\n    hairpin.io/ignore: ${value}\n`) };
}

/** The problem's own fix applied to the text. */
function fixed(file: SourceFile, r: AnalysisResult, ruleId: string): string {
  const p = r.suppressionProblems!.find((x) => x.ruleId === ruleId);
  assert.ok(p?.fix, `${ruleId} has a fix: ${JSON.stringify(r.suppressionProblems)}`);
  return applyEdits(file.text, p.fix.edits);
}

describe('the hairpin.io/ignore annotation', () => {
  it('covers every finding inside its object, each id with its own reason', () => {
    const r = analyze([withAnnotation('"HP101: callers use the Service; HP103: one zone only"')]);
    assert.deepEqual(ids(r, 'findings'), []);
    assert.deepEqual(ids(r, 'suppressed'), ['HP101', 'HP103']);
    const reason = (id: string) => r.suppressed!.find((f) => f.ruleId === id)!.suppression!.justification;
    assert.deepEqual([reason('HP101'), reason('HP103')], ['callers use the Service', 'one zone only']);
    assert.deepEqual(r.suppressionProblems, []);
  });

  it('on a Service another document describes (IstioOperator serviceAnnotations, chart values), it covers that Service only', () => {
    const operator = fixture('k8s-extra/operator/istio-operator.yaml');
    // Both gateways enabled; only the first carries the annotation.
    const text = operator.text
      .replace('          serviceAnnotations:\n', '          serviceAnnotations:\n            hairpin.io/ignore: "HP101: callers use the mesh"\n')
      .replace('enabled: false', 'enabled: true')
      .concat('            service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: instance\n');
    const r = analyze([{ ...operator, text }]);
    const suppressed = r.suppressed!.filter((f) => f.ruleId === 'HP101');
    assert.equal(suppressed.length, 1, JSON.stringify(r.suppressed!.map((f) => f.frontendId)));
    assert.match(suppressed[0]!.frontendId, /istio-ingressgateway/);
    assert.equal(suppressed[0]!.suppression!.justification, 'callers use the mesh');
    assert.ok(r.findings.some((f) => f.ruleId === 'HP101' && /eastwest/.test(f.frontendId)), 'the other gateway keeps its finding');
    assert.deepEqual(ids(r, 'suppressionProblems'), []);
    const values = fixture('k8s-extra/chart/values.yaml');
    const chart = analyze([{ ...values, text: values.text.replace('service:\n  type: LoadBalancer\n  annotations:\n', 'service:\n  type: LoadBalancer\n  annotations:\n    hairpin.io/ignore: "HP101: mesh; HP103: one zone"\n') }]);
    assert.deepEqual(ids(chart, 'suppressed'), ['HP101']);
    assert.deepEqual(chart.suppressionProblems!.map((p) => [p.ruleId, p.message]), [['HP001', 'Unused suppression: no HP103 finding in this object.']]);
  });

  it('does not reach into the next document of the file', () => {
    const annotated = withAnnotation('"HP101: callers use the Service"');
    const second = fixture(SERVICE).text.replace('name: gateway', 'name: other');
    const r = analyze([{ ...annotated, text: `${annotated.text}---\n${second}` }]);
    assert.deepEqual(ids(r, 'suppressed'), ['HP101']);
    assert.deepEqual(ids(r, 'findings'), ['HP101', 'HP103', 'HP103']);
  });

  it('an unused entry is HP001 whose fix deletes that entry and its separator', () => {
    const file = withAnnotation('"HP101: callers use the Service; HP102: no loopback"');
    const r = analyze([file]);
    assert.deepEqual(ids(r, 'suppressionProblems'), ['HP001']);
    assert.ok(fixed(file, r, 'HP001').includes('    hairpin.io/ignore: "HP101: callers use the Service"\n'));
  });

  it('when nothing in it is used, the fix deletes the annotation line', () => {
    const file = withAnnotation('HP102');
    const r = analyze([file]);
    assert.deepEqual(ids(r, 'suppressionProblems'), ['HP001'], 'no HP002 for a suppression that is deleted anyway');
    assert.equal(fixed(file, r, 'HP001'), fixture(SERVICE).text);
  });

  it('an entry naming no rule, or an unknown one, is HP003 and suppresses nothing', () => {
    const r = analyze([withAnnotation('"because we said so; HP199: idle timeouts are fine"')]);
    assert.deepEqual(ids(r, 'findings'), ['HP101', 'HP103']);
    assert.deepEqual(r.suppressionProblems!.map((p) => [p.ruleId, /names no rule|Unknown rule HP199/.test(p.message)]), [['HP003', true], ['HP003', true]]);
  });

  it('an entry without a reason still suppresses, with HP002', () => {
    const r = analyze([withAnnotation('"HP101, HP103"')]);
    assert.deepEqual(ids(r, 'suppressed'), ['HP101', 'HP103']);
    assert.deepEqual(ids(r, 'suppressionProblems'), ['HP002']);
    assert.equal(r.suppressionProblems![0]!.severity, 'warning');
  });
});

describe('suppression comments: ids, reasons, unused and unknown ids', () => {
  const hp101Line = (comment: string) => insertAbove(fixture(SERVICE), 'name: gateway', comment);

  it('several ids on one comment suppress each finding on the covered line', () => {
    // Flow style puts HP101's Service head and HP103's attribute on one line.
    const text = fixture(SERVICE).text.replace(
      /metadata:\n  name: gateway\n  annotations:\n((?: {4}.*\n)+)/,
      (_m, anns: string) => `metadata:\n  # hairpin-ignore HP101,HP103 accepted risk, see ADR-7\n  {name: gateway, annotations: {${anns.trim().split('\n').map((l) => l.trim()).join(', ')}}}\n`,
    );
    const r = analyze([{ path: 'flow.yaml', text }]);
    assert.deepEqual(ids(r, 'suppressed'), ['HP101', 'HP103'], text);
    assert.ok(r.suppressed!.every((f) => f.suppression!.justification === 'accepted risk, see ADR-7'));
    assert.deepEqual(r.suppressionProblems, []);
  });

  it('a directive that suppresses something gets no HP001; blank and comment lines in between are skipped', () => {
    const r = analyze([insertAbove(fixture(SERVICE), 'name: gateway', '# hairpin-ignore HP101 -- callers use the Service\n\n  # the gateway')]);
    assert.deepEqual(ids(r, 'suppressed'), ['HP101']);
    assert.equal(r.suppressed![0]!.suppression!.justification, 'callers use the Service');
    assert.deepEqual(r.suppressionProblems, []);
  });

  it('a directive covers only the next line that is not blank or a comment', () => {
    const r = analyze([insertAbove(fixture(SERVICE), 'metadata:', '# hairpin-ignore HP101 written one line too high')]);
    assert.deepEqual(ids(r, 'findings'), ['HP101', 'HP103']);
    assert.deepEqual(ids(r, 'suppressionProblems'), ['HP001']);
  });

  it('a reason-less directive still suppresses, and is HP002', () => {
    const r = analyze([hp101Line('# hairpin-ignore HP101')]);
    assert.deepEqual(ids(r, 'suppressed'), ['HP101']);
    assert.deepEqual(ids(r, 'suppressionProblems'), ['HP002']);
    assert.equal(r.suppressed![0]!.suppression!.justification, undefined);
  });

  it('an unused id is HP001 (a hint); its fix deletes just that id and keeps the list’s spacing', () => {
    for (const [written, after] of [
      ['HP101, HP102, HP103 reason', 'HP101, HP103 reason'],
      ['HP102, HP101 reason', 'HP101 reason'],
      ['HP101,HP102 reason', 'HP101 reason'],
    ] as const) {
      const file = hp101Line(`# hairpin-ignore ${written}`);
      const r = analyze([file]);
      // HP103 is reported on another line, so it is unused here too.
      const unused = r.suppressionProblems!.filter((p) => p.ruleId === 'HP001');
      assert.deepEqual(unused.map((p) => file.text.slice(p.span.start, p.span.end)).sort(), written.includes('HP103') ? ['HP102', 'HP103'] : ['HP102']);
      assert.ok(unused.every((p) => p.severity === 'hint'));
      const p = unused.find((x) => file.text.slice(x.span.start, x.span.end) === 'HP102')!;
      assert.ok(applyEdits(file.text, p.fix!.edits).includes(`  # hairpin-ignore ${after}\n  name: gateway`), written);
      assert.deepEqual(ids(r, 'suppressed'), ['HP101']);
    }
  });

  it('a directive none of whose ids is used is HP001; the fix deletes the whole comment line', () => {
    const file = hp101Line('# hairpin-ignore HP102 no loopback here');
    const r = analyze([file]);
    assert.deepEqual(ids(r, 'suppressionProblems'), ['HP001']);
    assert.equal(fixed(file, r, 'HP001'), fixture(SERVICE).text);
  });

  it('an unknown id is HP003 and suppresses nothing; a directive without ids is HP003 too', () => {
    const r = analyze([hp101Line('# hairpin-ignore HP199, HP101 idle timeouts are fine')]);
    assert.deepEqual(ids(r, 'suppressed'), ['HP101']);
    assert.deepEqual(ids(r, 'suppressionProblems'), ['HP003']);
    assert.match(r.suppressionProblems![0]!.message, /Unknown rule HP199/);
    const none = analyze([hp101Line('# hairpin-ignore because we said so')]);
    assert.deepEqual(ids(none, 'findings'), ['HP101', 'HP103']);
    assert.deepEqual(ids(none, 'suppressionProblems'), ['HP003']);
    assert.match(none.suppressionProblems![0]!.message, /names no rule/);
  });

  it('ids are read case-insensitively; `hairpin-ignored` or a trailing comment is not a directive', () => {
    assert.deepEqual(ids(analyze([hp101Line('# hairpin-ignore hp101 reason')]), 'suppressed'), ['HP101']);
    assert.deepEqual(ids(analyze([hp101Line('# hairpin-ignored HP101 reason')]), 'suppressed'), []);
    const trailing = fixture(SERVICE).text.replace('name: gateway', 'name: gateway # hairpin-ignore HP101 reason');
    assert.deepEqual(ids(analyze([{ path: SERVICE, text: trailing }]), 'suppressed'), []);
  });

  it('in a file Hairpin read only in part, directives suppress but are not judged unused', () => {
    const file = hp101Line('# hairpin-ignore HP101 reason');
    const broken = `${file.text}---\n# hairpin-ignore HP103 reason\nkind: Service\nmetadata: [unclosed\n`;
    const r = analyze([{ ...file, text: broken }]);
    assert.deepEqual(ids(r, 'suppressed'), ['HP101']);
    assert.deepEqual(r.suppressionProblems, []);
  });

  it('a comment in a file of another syntax is not a directive (// in YAML, # in TypeScript)', () => {
    assert.deepEqual(scanCommentDirectives('a.yaml', '// hairpin-ignore HP101 x\nkey: v\n', commentStyleOf('a.yaml')!), []);
    assert.deepEqual(scanCommentDirectives('a.ts', '# hairpin-ignore HP101 x\nconst a = 1;\n', commentStyleOf('a.ts')!), []);
    assert.equal(commentStyleOf('template.json'), undefined);
    assert.equal(readFile({ path: 'x.json', text: '{"a": "# hairpin-ignore HP101"}' }).suppressions, undefined);
  });
});

describe('suppression scanning never throws (fast-check)', () => {
  const fragment = fc.constantFrom('#', '//', ' ', '\t', '\n', '\r\n', '\r', 'hairpin-ignore', 'HP101', 'hp1', ',', ', ', ';', ':', '--', 'x', 'é😀', '\ud800', '"', 'hairpin.io/ignore: ', '  annotations:\n', 'metadata:\n');
  const text = fc.array(fc.oneof(fragment, fc.string({ maxLength: 6 })), { maxLength: 40 }).map((parts) => parts.join(''));

  it('arbitrary text in every comment style: directives stay inside the text and applying them never throws', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('a.yaml', 'a.tf', 'a.py', 'a.ts'), (t, path) => {
        const directives = scanCommentDirectives(path, t, commentStyleOf(path)!);
        for (const d of directives) {
          for (const s of [d.span, ...d.ruleIds.flatMap((r) => [r.span, ...(r.removal ? [r.removal] : [])]), ...(d.removal ? [d.removal] : [])]) {
            assert.ok(0 <= s.start && s.start <= s.end && s.end <= t.length, JSON.stringify({ t, s }));
          }
        }
        applySuppressions([], directives, { knownRuleIds: new Set(['HP101']) });
      }),
      { numRuns: 500 },
    );
  });

  it('the line around an offset, found locally, is the one a full split gives, and so is the line before it', () => {
    const lineText = fc.array(fc.constantFrom('a', ' ', '#', '\n', '\r', '\r\n'), { maxLength: 30 }).map((p) => p.join(''));
    fc.assert(
      fc.property(lineText, fc.nat(), (t, n) => {
        const all = textLines(t);
        const offset = n % (t.length + 1);
        fc.pre(!(t[offset - 1] === '\r' && t[offset] === '\n')); // inside a CRLF is on no line
        const i = all.findIndex((l) => offset >= l.start && offset <= l.end);
        const line = lineAt(t, offset);
        assert.deepEqual(line, all[i], JSON.stringify({ t, offset }));
        assert.deepEqual(lineBefore(t, line), all[i - 1], JSON.stringify({ t, offset }));
      }),
      { numRuns: 500 },
    );
  });

  it('arbitrary annotation values and documents: reading and analysing never throws', () => {
    fc.assert(
      fc.property(text, (value) => {
        const annotated = withAnnotation(JSON.stringify(value));
        analyze([annotated]);
        analyze([{ path: 'm.yaml', text: `metadata:\n  annotations:\n    hairpin.io/ignore: ${value}\n${value}` }]);
      }),
      { numRuns: 300 },
    );
  });
});
