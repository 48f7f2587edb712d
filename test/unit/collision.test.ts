import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateCollision } from '../../server/src/core/simulate/collision';
import { t1 } from '../../server/src/core/simulate/scenario';
import { buildTopology } from '../../server/src/core/simulate/topology';

const inputs = { concurrentConnections: 1000, sourcePorts: 28232 };

describe('cross-zone tuple collision estimate', () => {
  it('matches the check value: K=1000, Z=3, R=28232, T=6 gives about 0.00393 (within 1%)', () => {
    const e = estimateCollision(buildTopology(t1()), inputs);
    assert.ok(Math.abs(e.probability - 0.00393) / 0.00393 < 0.01, String(e.probability));
    assert.ok(Math.abs(e.sharedTargetProbability - 1 / 6) < 1e-12);
  });

  it('is zero with cross-zone off: NLB nodes keep to disjoint zones', () => {
    assert.equal(estimateCollision(buildTopology(t1({ crossZone: false })), inputs).probability, 0);
  });

  it('is zero with preservation off', () => {
    assert.equal(estimateCollision(buildTopology(t1({ preserveClientIp: false })), inputs).probability, 0);
  });

  it('doubles roughly with half the targets (Local: only the 3 gateway nodes are healthy)', () => {
    const e = estimateCollision(buildTopology(t1({ trafficPolicy: 'Local' })), inputs);
    assert.ok(Math.abs(e.sharedTargetProbability - 1 / 3) < 1e-12);
    assert.ok(e.probability > 0.0077 && e.probability < 0.0080);
  });
});
