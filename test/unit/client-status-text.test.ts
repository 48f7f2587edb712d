import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusText } from '../../client/src/status-text';

describe('the language status item', () => {
  it('counts findings and skipped files', () => {
    assert.deepEqual(statusText({ state: 'findings', frontends: 2, findings: 3, skippedFiles: [{ uri: 'a', reason: 'r' }], quiescent: true }), {
      text: 'Hairpin: 3 findings',
      detail: '2 load balancers simulated; 1 file skipped (see the Hairpin output)',
      severity: 'warning',
      busy: false,
    });
    assert.deepEqual(statusText({ state: 'ok', frontends: 1, findings: 0, skippedFiles: [], quiescent: true }), { text: 'Hairpin: no findings', detail: '1 load balancer simulated', severity: 'information', busy: false });
    assert.equal(statusText({ state: 'error', frontends: 0, findings: 0, skippedFiles: [], quiescent: true }).text, 'Hairpin: analysis failed');
  });

  it('shows indexing while it runs, and an index stopped at its limit', () => {
    const indexing = statusText({ state: 'ok', frontends: 1, findings: 0, skippedFiles: [], quiescent: false, index: { read: 120, found: 2000, limit: 5000, truncated: false } });
    assert.equal(indexing.text, 'Hairpin: no findings (indexing 120/2000 files)');
    assert.equal(indexing.busy, true);
    const stopped = statusText({ state: 'ok', frontends: 1, findings: 0, skippedFiles: [], quiescent: true, index: { read: 10, found: 12, limit: 10, truncated: true } });
    assert.equal(stopped.detail, '1 load balancer simulated; indexing stopped at 10 of 12+ files (hairpin.index.maxFiles = 10)');
    assert.equal(stopped.severity, 'warning');
  });
});
