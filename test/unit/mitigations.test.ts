import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MITIGATIONS, whatIfs, type MitigationId } from '../../server/src/core/simulate/mitigations';
import { t1 } from '../../server/src/core/simulate/scenario';
import { simulate } from '../../server/src/core/simulate/simulate';

/** SCENARIOS.md "Mitigation matrix for S1": each change re-simulated, not looked up. */
describe('mitigation matrix for S1', () => {
  const clients = ['pod@n1', 'pod@n2'] as const;
  const results = new Map(whatIfs(t1(), [...clients]).map((w) => [w.mitigation.id, w.result]));
  const p = (id: MitigationId | 'none', client: string) => {
    const r = id === 'none' ? simulate(t1(), [...clients]) : results.get(id)!;
    return r.clients.find((c) => c.location === client)!.failureProbability.toString();
  };
  const collision = (id: MitigationId | 'none') => (id === 'none' ? simulate(t1(), [...clients]) : results.get(id)!).collision.probability;

  const rows: [MitigationId | 'none', string, string | undefined, 'present' | 'gone'][] = [
    ['none', '1/6', undefined, 'present'],
    ['disable-cross-zone', '1/6', undefined, 'gone'],
    ['disable-preservation', '0', undefined, 'gone'],
    ['local-policy', '0', '1/3', 'present'],
    ['ip-targets', '0', undefined, 'gone'],
    ['proxy-protocol', '0', undefined, 'gone'],
  ];
  for (const [id, n1, n2, coll] of rows) {
    it(`${id}: pod@n1 ${n1}${n2 ? `, pod@n2 ${n2}` : ''}, tuple collision ${coll}`, () => {
      assert.equal(p(id, 'pod@n1'), n1);
      if (n2) assert.equal(p(id, 'pod@n2'), n2);
      if (coll === 'present') assert.ok(collision(id) > 0);
      else assert.equal(collision(id), 0);
    });
  }

  it('keep in-cluster callers off the NLB: every in-cluster caller connects (through the ClusterIP), the VPC client still uses the NLB', () => {
    const r = simulate(MITIGATIONS.find((m) => m.id === 'service-direct')!.apply(t1()), ['pod@n1', 'pod@n2', 'host@n1', 'vpc']);
    for (const c of r.clients) assert.equal(c.failureProbability.toString(), '0', c.location);
    const trace = r.clients[0]!.modes[0]!.trace;
    assert.ok(!trace.hops.some((h) => h.kind === 'nlb-node'), 'no NLB on the path');
    assert.ok(trace.hops.some((h) => h.steps.some((s) => s.type === 'nat' && s.action === 'DNAT' && /ClusterIP/.test(s.detail.by))));
    assert.ok(r.clients.find((c) => c.location === 'vpc')!.modes[0]!.trace.hops.some((h) => h.kind === 'nlb-node'));
  });
});
