import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusText } from '../../client/src/status-text';

describe('the language status item', () => {
  it('counts findings and skipped files', () => {
    assert.deepEqual(statusText({ state: 'findings', frontends: 2, findings: 3, skippedFiles: [{ uri: 'a', reason: 'r' }] }), {
      text: 'Hairpin: 3 findings',
      detail: '2 load balancers simulated; 1 file skipped (see the Hairpin output)',
      severity: 'warning',
    });
    assert.deepEqual(statusText({ state: 'ok', frontends: 1, findings: 0, skippedFiles: [] }), { text: 'Hairpin: no findings', detail: '1 load balancer simulated', severity: 'information' });
    assert.equal(statusText({ state: 'error', frontends: 0, findings: 0, skippedFiles: [] }).text, 'Hairpin: analysis failed');
  });
});
