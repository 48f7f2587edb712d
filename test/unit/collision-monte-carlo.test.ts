import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateCollision } from '../../server/src/core/simulate/collision';
import { monteCarloCollision } from '../../server/src/core/simulate/collision-monte-carlo';
import { t1 } from '../../server/src/core/simulate/scenario';
import { buildTopology } from '../../server/src/core/simulate/topology';

const all = [0, 1, 2, 3, 4, 5];

describe('Monte Carlo of Linux port choice vs the analytic collision estimate', () => {
  it('agrees with the formula within its 95% confidence interval (K=1000, Z=3, R=28232, T=6)', () => {
    const analytic = estimateCollision(buildTopology(t1()), { concurrentConnections: 1000, sourcePorts: 28232 }).probability;
    const mc = monteCarloCollision({ concurrentConnections: 1000, sourcePorts: 28232, nlbNodes: 3, targetsPerNode: [all, all, all], trials: 3000, probes: 30, seed: 7 });
    assert.ok(mc.halfWidth95 < analytic * 0.25, `interval too wide to mean anything: ±${mc.halfWidth95}`);
    assert.ok(Math.abs(mc.probability - analytic) <= mc.halfWidth95, `MC ${mc.probability} ± ${mc.halfWidth95} vs analytic ${analytic}`);
  });

  it('finds no collisions when NLB nodes keep to their own zone (cross-zone off)', () => {
    const mc = monteCarloCollision({ concurrentConnections: 1000, sourcePorts: 28232, nlbNodes: 3, targetsPerNode: [[0, 1], [2, 3], [4, 5]], trials: 200, probes: 50, seed: 7 });
    assert.equal(mc.probability, 0);
  });

  it('the same port can be live toward two NLB node addresses at once (uniqueness is per 4-tuple)', () => {
    // With a tiny port range every port is in use toward every destination, so a shared target collides often.
    const mc = monteCarloCollision({ concurrentConnections: 60, sourcePorts: 40, nlbNodes: 2, targetsPerNode: [[0], [0]], trials: 50, probes: 10, seed: 1 });
    assert.ok(mc.probability > 0.5, String(mc.probability));
  });
});
