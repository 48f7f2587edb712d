/**
 * When the language server analyses (server/src/lsp/scheduler.ts), with node:test's mock timers in
 * place of the clock: a save right after a change analyses at once and only once (it does not wait for
 * the change's debounce, and the debounce does not run it again); typing is debounced into one run; a
 * save with nothing new runs nothing.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { AnalysisScheduler } from '../../server/src/lsp/scheduler';

/** A scheduler over a fake state: `read` marks it dirty, `analyse` clean; counts what ran. */
function harness(run: 'onType' | 'onSave' = 'onType', debounceMs = 50) {
  const counts = { analyses: 0, reads: [] as string[][] };
  let dirty = false;
  const scheduler = new AnalysisScheduler(
    {
      readPending: (uris) => {
        counts.reads.push([...uris]);
        dirty = true;
      },
      isDirty: () => dirty,
      analyse: () => {
        counts.analyses++;
        dirty = false;
      },
      pendingChanged: () => undefined,
    },
    () => ({ run, debounceMs }),
  );
  return { scheduler, counts };
}

describe('analysis scheduling', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  for (const debounceMs of [0, 50, 300]) {
    it(`a save right after a change analyses at once, once (debounce ${debounceMs} ms)`, () => {
      const { scheduler, counts } = harness('onType', debounceMs);
      scheduler.changed('file:///a.yaml');
      assert.equal(counts.analyses, 0, 'the change waits for its debounce');
      scheduler.saved('file:///a.yaml');
      assert.equal(counts.analyses, 1, 'the save did not wait');
      assert.equal(scheduler.busy, false);
      mock.timers.tick(debounceMs + 1000);
      assert.equal(counts.analyses, 1, "the change's debounce did not run it again");
      scheduler.dispose();
    });
  }

  it('a save after the debounced analysis ran changes nothing and runs nothing', () => {
    const { scheduler, counts } = harness();
    scheduler.changed('file:///a.yaml');
    mock.timers.tick(50);
    assert.equal(counts.analyses, 1);
    scheduler.saved('file:///a.yaml');
    mock.timers.tick(1000);
    assert.equal(counts.analyses, 1);
    scheduler.dispose();
  });

  it('keystrokes inside the debounce are read and analysed once, with every document changed', () => {
    const { scheduler, counts } = harness();
    for (let i = 0; i < 10; i++) {
      scheduler.changed(i % 2 ? 'file:///a.yaml' : 'file:///b.tf');
      mock.timers.tick(30);
    }
    assert.equal(counts.analyses, 0);
    mock.timers.tick(20);
    assert.equal(counts.analyses, 1);
    assert.deepEqual(counts.reads.map((r) => r.sort()), [['file:///a.yaml', 'file:///b.tf']]);
    scheduler.dispose();
  });

  it('with run: onSave, a change waits for the save, which analyses at once', () => {
    const { scheduler, counts } = harness('onSave');
    scheduler.changed('file:///a.yaml');
    mock.timers.tick(1000);
    assert.equal(counts.analyses, 0);
    scheduler.saved('file:///a.yaml');
    assert.equal(counts.analyses, 1);
    scheduler.saved('file:///a.yaml');
    assert.equal(counts.analyses, 1, 'a second save without a change runs nothing');
    scheduler.dispose();
  });
});
