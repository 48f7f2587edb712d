import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ClientLocation, ZoneFacts } from '../../server/src/core/model/cluster';
import { enumerateClient } from '../../server/src/core/simulate/enumerate';
import { Fraction } from '../../server/src/core/simulate/fraction';
import { t1, type Scenario } from '../../server/src/core/simulate/scenario';
import { buildTopology } from '../../server/src/core/simulate/topology';

/** A random cluster and NLB, plus a client placed on one of its nodes (or outside it). */
const scenarioAndClient = fc
  .record({
    zoneSizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
    endpointSeeds: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 16, maxLength: 16 }),
    targetType: fc.constantFrom('instance' as const, 'ip' as const),
    preserveClientIp: fc.boolean(),
    crossZone: fc.boolean(),
    trafficPolicy: fc.constantFrom('Cluster' as const, 'Local' as const),
    scheme: fc.constantFrom('internal' as const, 'internet-facing' as const),
    cni: fc.constantFrom('aws-vpc-cni' as const, 'overlay' as const),
    clientKind: fc.constantFrom('pod', 'host', 'vpc'),
    clientNode: fc.nat(),
  })
  .map((r) => {
    let n = 0;
    const zones: ZoneFacts[] = r.zoneSizes.map((size, z) => ({ name: `zone-${z}`, nodes: Array.from({ length: size }, () => `n${++n}`) }));
    const names = zones.flatMap((z) => z.nodes);
    const endpoints: Record<string, number> = {};
    names.forEach((name, i) => {
      if (r.endpointSeeds[i]) endpoints[name] = r.endpointSeeds[i]!;
    });
    const scenario = t1({ zones, endpoints, targetType: r.targetType, preserveClientIp: r.preserveClientIp, crossZone: r.crossZone, trafficPolicy: r.trafficPolicy, scheme: r.scheme, cni: r.cni });
    const node = names[r.clientNode % names.length]!;
    const client = (r.clientKind === 'vpc' ? 'vpc' : `${r.clientKind}@${node}`) as ClientLocation;
    return { scenario, client };
  });

const run = (s: Scenario, c: ClientLocation) => enumerateClient(buildTopology(s), c, { traces: false });

describe('simulation properties (fast-check)', () => {
  it('the probabilities of all modes for a client sum to 1', () => {
    fc.assert(
      fc.property(scenarioAndClient, ({ scenario, client }) => {
        const r = run(scenario, client);
        const total = r.modes.reduce((sum, m) => sum.add(m.probability), Fraction.ZERO);
        assert.ok(total.equals(Fraction.ONE), `sum ${total} for ${client} in ${JSON.stringify(scenario)}`);
      }),
      { numRuns: 300 },
    );
  });

  it('turning client IP preservation off never raises a failure probability', () => {
    fc.assert(
      fc.property(scenarioAndClient, ({ scenario, client }) => {
        const on = run({ ...scenario, preserveClientIp: true }, client);
        const off = run({ ...scenario, preserveClientIp: false }, client);
        assert.ok(off.failureProbability.compare(on.failureProbability) <= 0, `${client}: off ${off.failureProbability} > on ${on.failureProbability}`);
      }),
      { numRuns: 300 },
    );
  });

  it('results do not depend on node naming or on the order of zones and nodes', () => {
    fc.assert(
      fc.property(scenarioAndClient, fc.integer({ min: 1, max: 1000 }), ({ scenario, client }, salt) => {
        const rename = (n: string) => `w${(Number(n.slice(1)) * 7919 + salt) % 100003}`;
        const zones = [...scenario.zones].reverse().map((z) => ({ name: `${z.name}-x`, nodes: [...z.nodes].reverse().map(rename) }));
        const endpoints = Object.fromEntries(Object.entries(scenario.endpoints).map(([n, k]) => [rename(n), k]));
        const renamed = client.includes('@') ? (`${client.split('@')[0]}@${rename(client.split('@')[1]!)}` as ClientLocation) : client;
        const a = run(scenario, client);
        const b = run({ ...scenario, zones, endpoints }, renamed);
        const modes = (r: typeof a) => Object.fromEntries(r.modes.map((m) => [m.mode, m.probability.toString()]));
        assert.deepEqual(modes(b), modes(a));
      }),
      { numRuns: 200 },
    );
  });
});
