/**
 * A frontend's what-ifs are simulated when a rule or a view first reads one (analyze.ts, lazyWhatIfs):
 * a frontend with no finding costs its own simulation only, and a what-if read later gives what an
 * eager re-simulation gives.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { AnalysisCache } from '../../server/src/core/cache/analysis-cache';
import { whatIfs } from '../../server/src/core/simulate/mitigations';
import type { SimulationResult } from '../../server/src/core/simulate/simulate';
import { service } from '../helpers/service';

const probabilities = (r: SimulationResult) => ({
  clients: r.clients.map((c) => [c.location, c.failureProbability.toString(), c.modes.map((m) => `${m.mode}:${m.probability.toString()}`).join(',')]),
  collision: r.collision.probability,
});

/** Probabilities-only simulations the cache holds (the frontend's own, and each what-if read so far). */
const simulated = (cache: AnalysisCache) => cache.simulations.keys().filter((k) => k.startsWith('p:')).length;

describe('what-ifs are simulated when first read', () => {
  for (const [name, annotations] of [
    ['ip targets, preservation off (no finding)', { 'aws-load-balancer-type': 'external', 'aws-load-balancer-nlb-target-type': 'ip', 'aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=false' }],
    ['instance targets, preservation off (no finding)', { 'aws-load-balancer-type': 'external', 'aws-load-balancer-nlb-target-type': 'instance', 'aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=false' }],
  ] as const) {
    it(name, () => {
      const cache = new AnalysisCache();
      const result = analyze([service(annotations)], { traces: false, cache });
      assert.equal(result.findings.length, 0);
      const [a] = result.frontends;
      assert.ok(a && a.whatIfs.length >= 1, 'mitigations apply');
      assert.equal(simulated(cache), 1, 'only the frontend’s own simulation ran');
      const eager = whatIfs(a.simulation.scenario, a.cluster.clients.value, { concurrentConnections: a.cluster.workload.concurrentConnectionsPerSource.value, sourcePorts: a.cluster.workload.sourcePorts.value });
      assert.deepEqual(probabilities(a.whatIfs[0]!.result), probabilities(eager[0]!.result));
      assert.equal(simulated(cache), 2, 'reading one what-if simulates that one');
      assert.deepEqual(a.whatIfs.map((w) => probabilities(w.result)), eager.map((w) => probabilities(w.result)));
      // Read once, a what-if is a plain value: serialising the analysis gives it like any other field.
      assert.equal(Object.getOwnPropertyDescriptor(a.whatIfs[0], 'result')?.writable, false);
    });
  }

  it('a finding reads the what-ifs its rule ranks', () => {
    const cache = new AnalysisCache();
    const result = analyze([service({ 'aws-load-balancer-type': 'external', 'aws-load-balancer-nlb-target-type': 'instance', 'aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=true' })], { traces: false, cache });
    assert.ok(result.findings.some((f) => f.ruleId === 'HP101'));
    assert.ok(result.findings.find((f) => f.ruleId === 'HP101')!.mitigations.length > 0);
    assert.equal(simulated(cache), 1 + result.frontends[0]!.whatIfs.length);
  });
});
