import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { analyze } from '../../server/src/core/analyze';
import { readHairpinConfig } from '../../server/src/core/parse/hairpin-config';
import { enumerateClient } from '../../server/src/core/simulate/enumerate';
import { t1, type Scenario } from '../../server/src/core/simulate/scenario';
import { buildTopology } from '../../server/src/core/simulate/topology';
import type { ClientLocation } from '../../server/src/core/model/cluster';
import { LineIndex } from '../../server/src/core/text/line-index';
import { fixture } from '../helpers/fixtures';

/** Kind 2: `.hairpin.yaml` values the engine cannot use are errors with a position; names are only names. */

const read = (text: string) => readHairpinConfig({ path: '.hairpin.yaml', text });
const seed = fixture('k8s/seed.yaml');
const PROTO_NAMES = Object.getOwnPropertyNames(Object.prototype);

function errorsAt(text: string): { line: number; column: number; message: string }[] {
  const lines = new LineIndex(text);
  return read(text)
    .notices.filter((n) => n.level === 'error')
    .map((n) => {
      assert.ok(n.span, n.message);
      const p = lines.positionAt(n.span.start);
      return { line: p.line + 1, column: p.character + 1, message: n.message };
    });
}

describe('.hairpin.yaml values the engine cannot use (kind 2)', () => {
  for (const [text, line, column, pattern] of [
    ['cluster:\n  zones:\n    zone-a: [n1, n1]\n', 3, 18, /"n1" is listed more than once/],
    ['cluster:\n  zones:\n    zone-a: [n1]\n    zone-b: [n2, n1]\n', 4, 18, /"n1" is listed more than once/],
    ['cluster:\n  zones: {zone-a: [n1, n2]}\n  endpoints: {n1: -5, n2: 1}\n', 3, 19, /endpoints\.n1 must be a whole number/],
    ['cluster:\n  zones: {zone-a: [n1, n2]}\n  endpoints: {n1: 1, n2: 1.5}\n', 3, 26, /endpoints\.n2 must be a whole number/],
    ['cluster:\n  zones: {zone-a: -3, zone-b: [n1]}\n', 2, 19, /zone-a must be a list of node names or a whole number/],
    ['cluster:\n  zones: {zone-a: 2.5, zone-b: [n1]}\n', 2, 19, /zone-a must be a list of node names or a whole number/],
    ['cluster:\n  zones:\n    zone-a: [n1]\n    zone-a: [n2]\n', 4, 5, /"zone-a" is given more than once/],
    ['cluster:\n  zones: {zone-a: [n1, n2]}\n  endpoints: {n1: 1, n1: 2}\n', 3, 22, /"n1" is given more than once/],
    ['workload:\n  concurrentConnectionsPerSource: 1.5\n', 2, 35, /concurrentConnectionsPerSource must be a positive whole number/],
    ['workload:\n  sourcePorts: 70000\n', 2, 16, /sourcePorts must be a positive whole number \(at most 65535\)/],
    ['workload:\n  sourcePorts: -1\n', 2, 16, /sourcePorts must be a positive whole number/],
    // Keys that name nothing, in any name-keyed table (zones, endpoints, labels).
    ['cluster:\n  zones: {"": [n1], b: [n2]}\n', 2, 11, /a key must be a non-empty name, not an empty string/],
    ['cluster:\n  zones: {~: [n1], b: [n2]}\n', 2, 11, /a key must be a non-empty name, not null/],
    ['cluster:\n  zones:\n    ? [x]\n    : [n1]\n    b: [n2]\n', 3, 7, /a key must be a non-empty name, not a list/],
    ['cluster:\n  zones: {a: [n1, n2]}\n  endpoints: {"": 1, n1: 1}\n', 3, 15, /a key must be a non-empty name, not an empty string/],
    ['cluster:\n  zones: {a: [n1, n2]}\n  labels: {n1: {"": edge}}\n', 3, 17, /a key must be a non-empty name, not an empty string/],
    // Counts past what stays exact, and a cluster without a node.
    ['cluster:\n  zones: {a: 1e308}\n', 2, 14, /cluster\.zones\.a: 1e308 nodes is more than Hairpin counts exactly; using the cap, 9007199254740991/],
    ['cluster:\n  zones: {a: [n1, n2]}\n  endpoints: {n1: 9007199254740991, n2: 9007199254740991}\n', 3, 14, /endpoints adds up to \d+ pods, more than Hairpin counts exactly \(at most 9007199254740991\)/],
    ['cluster:\n  zones: {a: [n1, n2]}\n  endpoints: {n1: [1]}\n', 3, 19, /endpoints\.n1 must be a whole number of pods \(0 or more\), not a list/],
    ['cluster:\n  zones: {a: [], b: 0}\n', 2, 10, /cluster\.zones lists no node in any zone/],
  ] as const) {
    it(`${JSON.stringify(text)} is an error at ${line}:${column}`, () => {
      const errors = errorsAt(text);
      const hit = errors.find((e) => pattern.test(e.message));
      assert.ok(hit, JSON.stringify(errors));
      assert.deepEqual([hit.line, hit.column], [line, column]);
    });
  }

  it('the rest of the file still applies, and the run does not crash', () => {
    const { cluster, overrides } = read('cluster:\n  zones:\n    zone-a: [n1, n1, n2]\n    zone-b: [n3]\n  endpoints: {n1: -5, n2: 1.5, n3: 2}\nworkload: {concurrentConnectionsPerSource: 1.5, sourcePorts: 1000}\n');
    assert.deepEqual(cluster.zones.value.map((z) => z.nodes), [['n1', 'n2'], ['n3']]);
    assert.deepEqual({ ...cluster.endpoints.value }, { n3: 2 });
    assert.equal(cluster.workload.sourcePorts.value, 1000);
    assert.equal(cluster.workload.concurrentConnectionsPerSource.origin, 'assumed');
    const r = analyze([seed], { clusterOverrides: overrides });
    assert.ok(r.findings.length > 0);
  });

  it('a key that names nothing is dropped and the rest of its table still applies', () => {
    const { cluster } = read('cluster:\n  zones: {"": [n0], ~: [n9], a: [n1, n2], b: [n3]}\n  endpoints: {"": 4, n3: 2}\n');
    assert.deepEqual(cluster.zones.value.map((z) => [z.name, z.nodes]), [['a', ['n1', 'n2']], ['b', ['n3']]]);
    assert.deepEqual({ ...cluster.endpoints.value }, { n3: 2 });
  });

  it('an alias reads as the anchored value written there; an alias bomb costs its size, not its expansion', () => {
    const { cluster, notices } = read('x: &z {a: [n1, n2], b: [n3]}\ncluster:\n  zones: *z\n  endpoints: {n3: *two}\ntwo: &two 2\n');
    assert.deepEqual(cluster.zones.value.map((z) => z.nodes), [['n1', 'n2'], ['n3']]);
    assert.deepEqual(notices.map((n) => n.message).filter((m) => !/unknown key "(x|two)"/.test(m)).length, 1, 'only the alias used before its anchor');
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)];
    const start = performance.now();
    const bomb = read(`${levels.join('\n')}\ncluster: {zones: {a: *h}}\n`);
    assert.ok(performance.now() - start < 2000, `took ${Math.round(performance.now() - start)} ms`);
    assert.ok(bomb.notices.some((n) => /a node name must be a non-empty string/.test(n.message)));
  });

  it('a topology given duplicate names directly (not through the reader) does not crash either', () => {
    const s = t1({ zones: [{ name: 'a', nodes: ['n1', 'n1', 'n2'] }, { name: 'b', nodes: ['n2', 'n3'] }], endpoints: { n2: 1, n3: 1 } });
    const r = enumerateClient(buildTopology(s), 'pod@n1', { traces: false });
    assert.equal(r.failureProbability.toString(), '1/3');
  });

  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
    it(`a node named ${name} behaves like any other name`, () => {
      const config = (n: string) => read(`cluster:\n  zones: {zone-a: [${n}, n2], zone-b: [n3, n4]}\n  endpoints: {n2: 1, n4: 1}\nclients: [pod@${n}]\n`);
      const run = (n: string) => analyze([seed], { clusterOverrides: config(n).overrides }).frontends[0]!.simulation.clients.map((c) => c.failureProbability.toString());
      assert.deepEqual(config(name).notices, []);
      assert.deepEqual(run(name), ['1/4']);
      assert.deepEqual(run(name), run('n1'));
    });
  }
});

/** Any string, with extra weight on the names of Object.prototype's members. */
const anyName = fc.oneof(fc.constantFrom(...PROTO_NAMES, 'gw-n1-0', ''), fc.string({ minLength: 1, maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 4 }));
/** Names a `pod@NAME` client can carry in `.hairpin.yaml`. */
const clientName = fc.oneof(fc.constantFrom(...PROTO_NAMES), fc.stringMatching(/^[A-Za-z0-9._-]{1,6}$/));

const shape = fc.record({
  nodesPerZone: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
  pods: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 9, maxLength: 9 }),
  targetType: fc.constantFrom('instance' as const, 'ip' as const),
  trafficPolicy: fc.constantFrom('Cluster' as const, 'Local' as const),
  crossZone: fc.boolean(),
  client: fc.nat(8),
});

type Shape = typeof shape extends fc.Arbitrary<infer T> ? T : never;

function scenarioWith(sh: Shape, nodeName: (i: number) => string, zoneName: (k: number) => string): { s: Scenario; client: ClientLocation } {
  let i = 0;
  const zones = sh.nodesPerZone.map((n, k) => ({ name: zoneName(k), nodes: Array.from({ length: n }, () => nodeName(i++)) }));
  const endpoints = Object.fromEntries(Array.from({ length: i }, (_, j) => [nodeName(j), sh.pods[j]!]));
  const s = t1({ zones, endpoints, targetType: sh.targetType, trafficPolicy: sh.trafficPolicy, crossZone: sh.crossZone });
  return { s, client: `pod@${nodeName(sh.client % i)}` };
}

describe('renaming nodes, zones and pods never changes a probability (property)', () => {
  it('in the engine, for any strings', () => {
    fc.assert(
      // Zone names may repeat here: the engine tells zones apart by position.
      fc.property(shape, fc.uniqueArray(anyName, { minLength: 9, maxLength: 9 }), fc.array(anyName, { minLength: 3, maxLength: 3 }), (sh, nodes, zones) => {
        const plain = scenarioWith(sh, (i) => `n${i + 1}`, (k) => `zone-${k}`);
        const renamed = scenarioWith(sh, (i) => nodes[i]!, (k) => zones[k]!);
        const p = (x: typeof plain) => enumerateClient(buildTopology(x.s), x.client, { traces: false }).modes.map((m) => `${m.mode}=${m.probability}`);
        assert.deepEqual(p(renamed), p(plain));
      }),
      { numRuns: 150 },
    );
  });

  it('through .hairpin.yaml and analyze(), for names a client can carry', () => {
    fc.assert(
      fc.property(shape, fc.uniqueArray(clientName, { minLength: 9, maxLength: 9 }), fc.uniqueArray(anyName.filter((z) => z.length > 0), { minLength: 3, maxLength: 3 }), (sh, nodes, zones) => {
        const yaml = (x: ReturnType<typeof scenarioWith>) =>
          `cluster:\n  zones: ${JSON.stringify(Object.fromEntries(x.s.zones.map((z) => [z.name, z.nodes])))}\n  endpoints: ${JSON.stringify(x.s.endpoints)}\nclients: [${JSON.stringify(x.client)}]\n`;
        const run = (x: ReturnType<typeof scenarioWith>) => {
          const c = read(yaml(x));
          assert.deepEqual(c.notices, []);
          return analyze([seed], { clusterOverrides: c.overrides }).findings.map((f) => `${f.ruleId}=${f.probabilityExact ?? f.probability}`);
        };
        assert.deepEqual(run(scenarioWith(sh, (i) => nodes[i]!, (k) => zones[k]!)), run(scenarioWith(sh, (i) => `n${i + 1}`, (k) => `zone-${k}`)));
      }),
      { numRuns: 60 },
    );
  });
});

describe('zones given the same name directly to the engine stay apart', () => {
  it('two zones named alike behave like two zones named differently', () => {
    const zones = (b: string) => [{ name: 'a', nodes: ['n1', 'n2'] }, { name: b, nodes: ['n3', 'n4'] }];
    for (const crossZone of [true, false]) {
      const p = (b: string) => enumerateClient(buildTopology(t1({ zones: zones(b), endpoints: { n2: 1, n3: 2 }, crossZone })), 'pod@n1', { traces: false }).modes.map((m) => `${m.mode}=${m.probability}`);
      assert.deepEqual(p('a'), p('b'));
    }
  });
});
