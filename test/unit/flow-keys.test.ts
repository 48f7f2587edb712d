/**
 * A run's flow keys (WorldState.key: numbers made of address ids and ports, the text form when they do
 * not fit) must tell tuples apart exactly as their text form does: conntrack, NLB flows and backend
 * sockets are looked up by them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { tupleKey, type Endpoint } from '../../server/src/core/simulate/packet';
import { WorldState } from '../../server/src/core/simulate/world';

const world = () => new WorldState({ local: { ip: '10.0.0.1', port: 40312 }, remote: { ip: '0.0.0.0', port: 0 }, state: 'CLOSED', isn: 1 });
const ip = fc.constantFrom('10.0.0.1', '10.0.1.7', '10.0.1.70', '0.0.0.0');
// Ports as packets carry them, and values no port has (a workspace can write anything).
const port = fc.oneof(fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0, 1, 2, 443, 444, 4464, 65535, 65536, 70000, 131072, -1, 1.5, 0x3ffffff));
const endpoint = fc.record({ ip, port }) as fc.Arbitrary<Endpoint>;
const tuple = fc.record({ src: endpoint, dst: endpoint });

describe('flow keys', () => {
  it('are equal exactly when the addresses and ports are', () => {
    fc.assert(
      fc.property(fc.array(tuple, { minLength: 2, maxLength: 12 }), (tuples) => {
        const w = world();
        const keys = tuples.map((t) => w.key(t));
        for (let i = 0; i < tuples.length; i++) {
          for (let j = 0; j < tuples.length; j++) assert.equal(keys[i] === keys[j], tupleKey(tuples[i]!) === tupleKey(tuples[j]!), `${tupleKey(tuples[i]!)} / ${tupleKey(tuples[j]!)}`);
          assert.equal(w.key(tuples[i]!), keys[i], 'the same tuple gives the same key again');
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('keys do not run into each other where one endpoint\'s number carries into the next', () => {
    const w = world();
    const a = { ip: '10.0.0.9', port: 444 };
    const key1 = w.key({ src: a, dst: { ip: '10.0.0.9', port: 5 } });
    const key2 = w.key({ src: { ip: '10.0.0.9', port: 443 }, dst: { ip: '10.0.0.10', port: 5 } });
    assert.notEqual(key1, key2);
  });

  it('a run that meets more addresses than ids fit still keys every tuple apart', () => {
    const w = world();
    const tuples = Array.from({ length: 1500 }, (_, i) => ({ src: { ip: `10.${i >> 8}.${i & 255}.1`, port: 40312 }, dst: { ip: '10.0.0.2', port: 443 } }));
    const keys = new Set(tuples.map((t) => w.key(t)));
    assert.equal(keys.size, tuples.length);
    assert.equal(w.key(tuples[1400]!), w.key({ src: { ...tuples[1400]!.src }, dst: { ...tuples[1400]!.dst } }));
  });
});
