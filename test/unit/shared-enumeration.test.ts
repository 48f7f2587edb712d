import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/core/analyze';
import { AnalysisCache } from '../../server/src/core/cache/analysis-cache';
import type { ClientLocation, ZoneFacts } from '../../server/src/core/model/cluster';
import { enumerateClient, walkClient, type Walk } from '../../server/src/core/simulate/enumerate';
import { scenarioOf } from '../../server/src/core/simulate/from-frontend';
import { probabilitiesOf, withStandInPorts } from '../../server/src/core/simulate/mitigations';
import { t1, type Scenario } from '../../server/src/core/simulate/scenario';
import { enumerationKey, sharedEnumeration, unreadSettings } from '../../server/src/core/simulate/shared-enumeration';
import { buildTopology } from '../../server/src/core/simulate/topology';

const settings = fc.record({
  targetType: fc.constantFrom('instance' as const, 'ip' as const),
  preserveClientIp: fc.boolean(),
  crossZone: fc.boolean(),
  trafficPolicy: fc.constantFrom('Cluster' as const, 'Local' as const),
  scheme: fc.constantFrom('internal' as const, 'internet-facing' as const),
  proxyProtocolV2: fc.boolean(),
  inClusterCallers: fc.constantFrom(undefined, 'nlb' as const, 'service' as const),
  backendProxyProtocol: fc.constantFrom(undefined, 'required' as const, 'rejected' as const, 'optional' as const),
  idle: fc.option(fc.record({ nlbSeconds: fc.integer({ min: 60, max: 6000 }), nlbFixed: fc.boolean(), backendSeconds: fc.integer({ min: 1, max: 7200 }), keepaliveSeconds: fc.option(fc.integer({ min: 1, max: 7200 }), { nil: undefined }) }), { nil: undefined }),
});

/** A random cluster and NLB, every kind of client, and a second draw of the NLB and Service settings. */
const scenarioPair = fc
  .record({
    zoneSizes: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
    endpointSeeds: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 9, maxLength: 9 }),
    cni: fc.constantFrom('aws-vpc-cni' as const, 'overlay' as const),
    clientKind: fc.constantFrom('pod', 'host', 'vpc', 'internet'),
    clientNode: fc.nat(),
    first: settings,
    second: settings,
  })
  .map((r) => {
    let n = 0;
    const zones: ZoneFacts[] = r.zoneSizes.map((size, z) => ({ name: `zone-${z}`, nodes: Array.from({ length: size }, () => `n${++n}`) }));
    const names = zones.flatMap((z) => z.nodes);
    const endpoints: Record<string, number> = {};
    names.forEach((name, i) => {
      if (r.endpointSeeds[i]) endpoints[name] = r.endpointSeeds[i]!;
    });
    const node = names[r.clientNode % names.length]!;
    const client = (r.clientKind === 'vpc' || r.clientKind === 'internet' ? r.clientKind : `${r.clientKind}@${node}`) as ClientLocation;
    const scenario = (s: typeof r.first): Scenario => {
      const { inClusterCallers, backendProxyProtocol, idle, ...rest } = s;
      return t1({
        zones,
        endpoints,
        cni: r.cni,
        ...rest,
        ...(inClusterCallers ? { inClusterCallers } : {}),
        ...(backendProxyProtocol ? { backendProxyProtocol } : {}),
        ...(idle ? { idle } : {}),
      });
    };
    return { a: scenario(r.first), b: scenario(r.second), client };
  });

const run = (s: Scenario, c: ClientLocation) => enumerateClient(buildTopology(s), c, { traces: false });

describe('client enumerations shared between scenarios', () => {
  it('two scenarios with the same enumeration key walk the same paths, and the shared walk gives each its own direct result, traces included', () => {
    let shared = 0;
    fc.assert(
      fc.property(scenarioPair, ({ a, client, b }) => {
        // Carry over from `b` only what `a`'s key leaves out: the same key, then the same walk.
        const unread = unreadSettings(a, client);
        const variant = { ...a, ...Object.fromEntries([...unread].map((k) => [k, b[k]])) } as Scenario;
        if (enumerationKey(variant, client) !== enumerationKey(a, client)) return;
        shared++;
        const why = `${client}: ${JSON.stringify(a)} vs ${JSON.stringify(variant)}`;
        assert.deepEqual(walkClient(buildTopology(variant), client), walkClient(buildTopology(a), client), why);
        // The walk memoised for `a`, handed to `variant`: exactly what simulating `variant` alone gives.
        const memo = new Map<string, Map<ClientLocation, Walk>>();
        sharedEnumeration(buildTopology(a), client, memo);
        assert.deepEqual([...memo.values()].map((walks) => walks.size), [1]);
        assert.deepEqual(sharedEnumeration(buildTopology(variant), client, memo), run(variant, client), why);
        assert.deepEqual([...memo.values()].map((walks) => walks.size), [1]);
      }),
      { numRuns: 400 },
    );
    assert.ok(shared > 100, `only ${shared} pairs shared a key`);
  });

  it('settings a client does read keep scenarios apart', () => {
    const viaNlb = t1();
    assert.notEqual(enumerationKey(viaNlb, 'pod@n1'), enumerationKey({ ...viaNlb, preserveClientIp: false }, 'pod@n1'));
    assert.notEqual(enumerationKey(viaNlb, 'pod@n1'), enumerationKey({ ...viaNlb, trafficPolicy: 'Local' }, 'pod@n1'));
    const direct = t1({ inClusterCallers: 'service' });
    // Calling the ClusterIP skips the NLB for pods and hosts, not for a VPC or internet client.
    assert.equal(enumerationKey(direct, 'pod@n1'), enumerationKey({ ...direct, preserveClientIp: false, crossZone: false }, 'pod@n1'));
    assert.equal(enumerationKey(direct, 'host@n2'), enumerationKey({ ...direct, targetType: 'ip', scheme: 'internet-facing' }, 'host@n2'));
    assert.notEqual(enumerationKey(direct, 'vpc'), enumerationKey({ ...direct, preserveClientIp: false }, 'vpc'));
    assert.notEqual(enumerationKey(direct, 'pod@n1'), enumerationKey({ ...direct, endpoints: { n2: 2, n4: 1, n6: 1 } }, 'pod@n1'));
    // A PROXY header is read only when the backend's expectation is known; otherwise it only marks packets.
    assert.equal(enumerationKey(direct, 'pod@n1'), enumerationKey({ ...direct, proxyProtocolV2: true }, 'pod@n1'));
    const known = t1({ backendProxyProtocol: 'rejected' });
    assert.notEqual(enumerationKey(known, 'pod@n1'), enumerationKey({ ...known, proxyProtocolV2: true }, 'pod@n1'));
    assert.notEqual(enumerationKey({ ...known, inClusterCallers: 'service' }, 'vpc'), enumerationKey({ ...known, inClusterCallers: 'service', proxyProtocolV2: true }, 'vpc'));
    // A node named like a setting is data, not a setting.
    const named = t1({ zones: [{ name: 'zone-a', nodes: ['scheme', 'crossZone'] }], endpoints: { crossZone: 1 }, inClusterCallers: 'service' });
    assert.notEqual(enumerationKey(named, 'pod@scheme'), enumerationKey({ ...named, endpoints: { crossZone: 2 } }, 'pod@scheme'));
  });

  it("a workspace's probabilities-only results equal direct simulation of each scenario", () => {
    const service = (name: string, annotations: string, policy: string, replicas: number) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
${annotations}
spec:
  type: LoadBalancer
  externalTrafficPolicy: ${policy}
  selector:
    app: ${name}
  ports:
    - port: 443
      targetPort: 8443
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
`;
    const lbc = 'service.beta.kubernetes.io/aws-load-balancer';
    const variants = [
      `    ${lbc}-nlb-target-type: instance`,
      `    ${lbc}-nlb-target-type: ip`,
      `    ${lbc}-nlb-target-type: ip\n    ${lbc}-target-group-attributes: preserve_client_ip.enabled=true`,
      `    ${lbc}-nlb-target-type: instance\n    ${lbc}-attributes: load_balancing.cross_zone.enabled=true`,
      `    ${lbc}-nlb-target-type: instance\n    ${lbc}-scheme: internet-facing`,
    ];
    const files = variants.flatMap((a, i) =>
      ['Cluster', 'Local'].map((policy, j) => ({ path: `svc-${i}-${j}.yaml`, text: service(`app-${i}-${j}`, a, policy, 1 + ((i + j) % 4)) })),
    );
    const cache = new AnalysisCache();
    const result = analyze(files, { traces: false, cache });
    assert.equal(result.frontends.length, files.length);
    assert.ok(cache.enumerations.size > 0);
    for (const a of result.frontends) {
      const inputs = { concurrentConnections: a.cluster.workload.concurrentConnectionsPerSource.value, sourcePorts: a.cluster.workload.sourcePorts.value };
      const scenario = scenarioOf(a.frontend, a.cluster);
      assert.deepEqual(a.simulation.clients, probabilitiesOf(withStandInPorts(scenario), a.cluster.clients.value, inputs).clients, a.frontend.name);
      for (const w of a.whatIfs) {
        assert.deepEqual(w.result, probabilitiesOf(withStandInPorts(w.mitigation.apply(scenario)), a.cluster.clients.value, inputs), `${a.frontend.name}: ${w.mitigation.id}`);
      }
    }
  });
});
