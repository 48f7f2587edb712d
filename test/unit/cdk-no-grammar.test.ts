import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFile } from '../../server/src/core/parse/read-file';
import { fixture } from '../helpers/fixtures';

// This file deliberately never loads the tree-sitter grammars (node --test runs each file in its own process).
describe('CDK reader without its grammar', () => {
  it('skips the file with a warning instead of guessing', () => {
    for (const path of ['cdk/gateway-nlb-stack.ts', 'cdk/gateway_nlb_stack.py']) {
      const facts = readFile(fixture(path));
      assert.equal(facts.loadBalancers.length, 0);
      assert.equal(facts.notices.length, 1);
      const [n] = facts.notices;
      assert.equal(n!.level, 'warning');
      assert.equal(n!.skipped, 'file');
      assert.match(n!.message, /grammar is not loaded/);
    }
  });
});
