import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ruleDocEntries } from '../../client/src/rule-docs';

const DIR = join(__dirname, '..', '..', 'docs', 'rules');

describe('"Hairpin: Open Rule Documentation" picks', () => {
  it('one entry per shipped rule page, in code order, titled by its heading and summary', () => {
    const files = readdirSync(DIR).map((name) => ({ name, text: readFileSync(join(DIR, name), 'utf8') }));
    const entries = ruleDocEntries([...files, { name: 'README.md', text: '# not a rule' }]);
    assert.deepEqual(entries.map((e) => e.id), ['HP001', 'HP002', 'HP003', 'HP101', 'HP102', 'HP103', 'HP104', 'HP105']);
    const hp101 = entries.find((e) => e.id === 'HP101')!;
    assert.equal(hp101.label, 'HP101 hairpin-reset');
    assert.match(hp101.detail, /own node/);
    assert.equal(hp101.file, 'HP101.md');
  });
});
