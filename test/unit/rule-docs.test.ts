import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ruleDocPage } from '../../server/src/core/rules/docs';
import { RULES } from '../../server/src/core/rules/registry';

const DOCS = join(__dirname, '..', '..', 'docs', 'rules');

/** Self-checks in the style of kube-linter: the rule set has no gaps. */
describe('rule registry self-checks', () => {
  it('every rule has a generated page that is up to date (run `npm run docs`)', () => {
    for (const rule of RULES) {
      const page = readFileSync(join(DOCS, `${rule.meta.id}.md`), 'utf8');
      assert.equal(page, ruleDocPage(rule.meta), `${rule.meta.id}.md is stale`);
    }
  });

  it('the documented rules are exactly the registered ones', () => {
    const pages = readdirSync(DOCS).filter((f) => /^HP\d{3}\.md$/.test(f)).map((f) => f.slice(0, -3)).sort();
    assert.deepEqual(pages, RULES.map((r) => r.meta.id).sort());
  });

  it('every rule has a remediation', () => {
    for (const rule of RULES) assert.ok(rule.meta.remediation.length > 0, rule.meta.id);
  });
});
