import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MITIGATIONS, withStandInPorts } from '../../server/src/core/simulate/mitigations';
import { t1, type Scenario } from '../../server/src/core/simulate/scenario';
import { buildTopology, rebindTopology, type Topology } from '../../server/src/core/simulate/topology';

const scenario = fc
  .record({
    targetType: fc.constantFrom('instance' as const, 'ip' as const),
    preserveClientIp: fc.boolean(),
    crossZone: fc.boolean(),
    trafficPolicy: fc.constantFrom('Cluster' as const, 'Local' as const),
    scheme: fc.constantFrom('internal' as const, 'internet-facing' as const),
    proxyProtocolV2: fc.boolean(),
    cni: fc.constantFrom('aws-vpc-cni' as const, 'overlay' as const),
    backendProxyProtocol: fc.constantFrom('required' as const, 'rejected' as const),
    replicas: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 6, maxLength: 6 }),
    idle: fc.option(fc.record({ nlbSeconds: fc.integer({ min: 60, max: 6000 }), nlbFixed: fc.boolean(), backendSeconds: fc.integer({ min: 1, max: 7200 }) }), { nil: undefined }),
  })
  .map(({ replicas, idle, ...r }): Scenario => {
    const endpoints = Object.fromEntries(replicas.map((n, i) => [`n${i + 1}`, n]).filter(([, n]) => n));
    return t1({ ...r, endpoints, ...(idle ? { idle } : {}) });
  });

/** A topology with its address plan's functions replaced by what they give for a few indices (functions compare by identity). */
function comparable(t: Topology): unknown {
  const plan = Object.fromEntries(Object.entries(t.plan).map(([k, v]) => [k, typeof v === 'function' ? [0, 1, 2].map((i) => (v as (a: number, b: number) => unknown)(i, i + 1)) : v]));
  return { ...t, plan };
}

describe('a topology rebound to a what-if', () => {
  it('is what building the what-if from scratch gives, for every mitigation that applies', () => {
    let rebound = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        const base = buildTopology(withStandInPorts(s));
        for (const m of MITIGATIONS.filter((x) => x.applies(s))) {
          const whatIf = withStandInPorts(m.apply(s));
          const topo = rebindTopology(base, whatIf);
          // What-ifs change settings, never the network: the rebinding must always apply.
          assert.ok(topo, m.id);
          assert.equal(topo.scenario, whatIf);
          assert.deepEqual(comparable(topo), comparable(buildTopology(whatIf)), m.id);
          rebound++;
        }
      }),
      { numRuns: 200 },
    );
    assert.ok(rebound > 200);
  });

  it('is refused when anything the network is built from differs', () => {
    const s = t1();
    const base = buildTopology(s);
    assert.equal(rebindTopology(base, { ...s, zones: [...s.zones] }), undefined);
    assert.equal(rebindTopology(base, { ...s, endpoints: { ...s.endpoints } }), undefined);
    assert.equal(rebindTopology(base, { ...s, cni: 'overlay' }), undefined);
    assert.equal(rebindTopology(base, { ...s, scheme: 'internet-facing' }), undefined);
    assert.equal(rebindTopology(base, { ...s, backendPort: 9000 }), undefined);
    assert.equal(rebindTopology(base, { ...s, podsPerUnnamedNode: 2 }), undefined);
    assert.equal(rebindTopology(base, { ...s, targetNodes: { nodes: ['n1'], unnamedOfZones: [] } }), undefined);
    assert.ok(rebindTopology(base, { ...s, crossZone: false }));
  });
});
