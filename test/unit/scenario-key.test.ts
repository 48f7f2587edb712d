import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MITIGATIONS } from '../../server/src/core/simulate/mitigations';
import { t1, type Scenario } from '../../server/src/core/simulate/scenario';
import { scenarioJson } from '../../server/src/core/simulate/scenario-key';

const keys = Object.keys(t1()) as (keyof Scenario)[];
const scenario = fc
  .record({
    preserveClientIp: fc.boolean(),
    crossZone: fc.boolean(),
    trafficPolicy: fc.constantFrom('Cluster' as const, 'Local' as const),
    inClusterCallers: fc.constantFrom(undefined, 'nlb' as const, 'service' as const),
    backendProxyProtocol: fc.constantFrom(undefined, 'required' as const, 'rejected' as const),
    endpoints: fc.dictionary(fc.string(), fc.integer({ min: 0, max: 9 })),
    idle: fc.option(fc.record({ nlbSeconds: fc.integer({ min: 60, max: 6000 }), nlbFixed: fc.boolean(), backendSeconds: fc.integer({ min: 1, max: 7200 }) }), { nil: undefined }),
  })
  .map((r): Scenario => ({ ...t1(), ...r }) as Scenario);

describe('scenario keys', () => {
  it('are JSON.stringify of the scenario without the omitted settings, for scenarios and their what-ifs sharing objects', () => {
    fc.assert(
      fc.property(scenario, fc.subarray(keys), (s, omit) => {
        const without = (x: Scenario) => Object.fromEntries(Object.entries(x).filter(([k]) => !omit.includes(k as keyof Scenario)));
        assert.equal(scenarioJson(s), JSON.stringify(s));
        assert.equal(scenarioJson(s, new Set(omit)), JSON.stringify(without(s)));
        for (const m of MITIGATIONS.filter((x) => x.applies(s))) {
          const w = m.apply(s);
          assert.equal(scenarioJson(w), JSON.stringify(w), m.id);
          assert.equal(scenarioJson(w, new Set(omit)), JSON.stringify(without(w)), m.id);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('tell apart scenarios that differ inside a shared kind of object', () => {
    const a = t1();
    assert.notEqual(scenarioJson(a), scenarioJson({ ...a, endpoints: { ...a.endpoints, n1: 1 } }));
    assert.notEqual(scenarioJson(a), scenarioJson({ ...a, zones: [...a.zones, { name: 'zone-d', nodes: ['n7'] }] }));
    assert.equal(scenarioJson(a), scenarioJson(t1()));
  });
});
