import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ruleDocPage } from '../../server/src/core/rules/docs';
import { ALL_RULE_METAS, RULES } from '../../server/src/core/rules/registry';
import { SUPPRESSION_RULES } from '../../server/src/core/suppress/problem-rules';

const DOCS = join(__dirname, '..', '..', 'docs', 'rules');

/** Self-checks in the style of kube-linter: the rule set has no gaps. */
describe('rule registry self-checks', () => {
  it('every rule and suppression problem has a generated page that is up to date (run `npm run docs`)', () => {
    for (const meta of ALL_RULE_METAS) {
      const page = readFileSync(join(DOCS, `${meta.id}.md`), 'utf8');
      assert.equal(page, ruleDocPage(meta), `${meta.id}.md is stale`);
    }
  });

  it('the documented ids are exactly the registered ones', () => {
    const pages = readdirSync(DOCS).filter((f) => /^HP\d{3}\.md$/.test(f)).map((f) => f.slice(0, -3)).sort();
    assert.deepEqual(pages, ALL_RULE_METAS.map((m) => m.id).sort());
  });

  it('the registry lists every rule and every suppression problem once, each with its own page path', () => {
    const ids = ALL_RULE_METAS.map((m) => m.id);
    assert.deepEqual(ids, [...SUPPRESSION_RULES.map((m) => m.id), ...RULES.map((r) => r.meta.id)]);
    assert.equal(new Set(ids).size, ids.length, 'an id is registered twice');
    for (const meta of ALL_RULE_METAS) assert.equal(meta.docs, `docs/rules/${meta.id}.md`);
  });

  it('every rule has a remediation', () => {
    for (const meta of ALL_RULE_METAS) assert.ok(meta.remediation.length > 0, meta.id);
  });
});
