import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LruCache } from '../../server/src/core/cache/lru';

describe('LruCache', () => {
  it('evicts the least recently used entry, and a read counts as a use', () => {
    const lru = new LruCache<string, number>(3);
    lru.set('a', 1).set('b', 2).set('c', 3);
    assert.equal(lru.get('a'), 1); // a is now the most recent; b is the least
    lru.set('d', 4);
    assert.deepEqual([...lru.keys()], ['c', 'a', 'd']);
    assert.equal(lru.get('b'), undefined);
    lru.set('c', 30); // writing refreshes too
    lru.set('e', 5);
    assert.deepEqual([...lru.keys()], ['d', 'c', 'e']);
    assert.equal(lru.size, 3);
  });

  it('a cache no bound can reach (one made for a single run) keeps insertion order: a read moves nothing', () => {
    const unbounded = new LruCache<string, number>(Number.MAX_SAFE_INTEGER, { max: Number.MAX_SAFE_INTEGER, of: () => 1000 });
    unbounded.set('a', 1).set('b', 2).set('c', 3);
    assert.equal(unbounded.get('a'), 1);
    assert.deepEqual(unbounded.keys(), ['a', 'b', 'c']);
    // A reachable bound on either side keeps reads as uses.
    for (const lru of [new LruCache<string, number>(Number.MAX_SAFE_INTEGER, { max: 1e9, of: () => 1 }), new LruCache<string, number>(1e9)]) {
      lru.set('a', 1).set('b', 2);
      lru.get('a');
      assert.deepEqual(lru.keys(), ['b', 'a']);
    }
  });

  it('a weight bound evicts the least recently used until the rest fits, and keeps the newest entry', () => {
    const lru = new LruCache<string, string>(100, { max: 10, of: (v) => v.length });
    lru.set('a', 'xxxx').set('b', 'xxxx');
    lru.get('a');
    lru.set('c', 'xxxx'); // 12 > 10: b, the least recently used, goes
    assert.deepEqual(lru.keys(), ['a', 'c']);
    assert.equal(lru.weightHeld, 8);
    lru.set('d', 'x'.repeat(50)); // over the bound alone: everything older goes, it stays
    assert.deepEqual(lru.keys(), ['d']);
    lru.set('d', 'xx'); // replacing an entry replaces its weight
    assert.equal(lru.weightHeld, 2);
  });

  it('never holds more than its bound and agrees with a model of recency', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.tuple(fc.boolean(), fc.nat(9)), { maxLength: 80 }), (max, ops) => {
        const lru = new LruCache<number, number>(max);
        let order: number[] = []; // least recent first
        for (const [write, k] of ops) {
          if (write) {
            lru.set(k, k);
            order = [...order.filter((x) => x !== k), k].slice(-max);
          } else {
            const hit = order.includes(k);
            assert.equal(lru.get(k), hit ? k : undefined);
            if (hit) order = [...order.filter((x) => x !== k), k];
          }
          assert.deepEqual([...lru.keys()], order);
        }
      }),
    );
  });
});
