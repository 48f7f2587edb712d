import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collisionTrace } from '../../server/src/core/simulate/collision-trace';
import { t1 } from '../../server/src/core/simulate/scenario';
import { buildTopology } from '../../server/src/core/simulate/topology';
import type { Trace } from '../../server/src/core/simulate/trace';

const socketNotes = (t: Trace, element: string) => t.hops.filter((h) => h.element.startsWith(element)).flatMap((h) => h.steps.filter((s) => s.type === 'socket').map((s) => s.action));

describe('cross-zone tuple collision, packet by packet', () => {
  it('the second connection from the same source port reaches the same target: challenge ACK, client RST, the first connection dies, a retry connects', () => {
    const t = collisionTrace(buildTopology(t1()))!;
    assert.equal(t.firstAttempt, 'tuple-collision');
    const nlbs = new Set(t.hops.filter((h) => h.kind === 'nlb-node' && h.attempt === 0).map((h) => h.element));
    assert.deepEqual([...nlbs].sort(), ['nlb:zone-a', 'nlb:zone-b']);
    const targets = t.hops.filter((h) => h.kind === 'nlb-node').flatMap((h) => h.steps).filter((s) => s.type === 'flow' && s.action === 'created').map((s) => JSON.stringify((s.detail as { target: unknown }).target));
    assert.equal(new Set(targets).size, 1, 'both flows go to one target');
    const backend = socketNotes(t, 'pod:');
    assert.deepEqual(backend.slice(0, 4), ['synack-sent', 'established', 'challenge-ack', 'aborted']);
    assert.ok(socketNotes(t, 'client').includes('rst-sent'));
    assert.equal(t.disposition, 'established');
    assert.ok(t.endTime > 1500 && t.endTime < 1600, String(t.endTime)); // the retry leaves at +1 s after the second connect()
  });

  it('does not exist with cross-zone off or preservation off', () => {
    assert.equal(collisionTrace(buildTopology(t1({ crossZone: false }))), undefined);
    assert.equal(collisionTrace(buildTopology(t1({ preserveClientIp: false }))), undefined);
  });
});
