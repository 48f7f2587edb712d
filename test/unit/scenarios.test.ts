import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClientLocation } from '../../server/src/core/model/cluster';
import { enumerateClient, type FailureMode } from '../../server/src/core/simulate/enumerate';
import { Fraction } from '../../server/src/core/simulate/fraction';
import { t1, type Scenario } from '../../server/src/core/simulate/scenario';
import { buildTopology } from '../../server/src/core/simulate/topology';

/** Rows of SCENARIOS.md: the packet model must derive each probability and mode. */
const rows: { id: string; s: Partial<Scenario>; client: ClientLocation; p: [number, number]; mode: FailureMode }[] = [
  { id: 'S1', s: {}, client: 'pod@n1', p: [1, 6], mode: 'hairpin-reset' },
  { id: 'S2', s: {}, client: 'pod@n2', p: [1, 6], mode: 'hairpin-reset' },
  { id: 'S3', s: { crossZone: false }, client: 'pod@n1', p: [1, 6], mode: 'hairpin-reset' },
  { id: 'S4', s: { preserveClientIp: false }, client: 'pod@n1', p: [0, 1], mode: 'ok' },
  { id: 'S5', s: { trafficPolicy: 'Local' }, client: 'pod@n1', p: [0, 1], mode: 'ok' },
  { id: 'S6', s: { trafficPolicy: 'Local' }, client: 'pod@n2', p: [1, 3], mode: 'hairpin-reset' },
  { id: 'S7', s: { targetType: 'ip' }, client: 'pod@n1', p: [0, 1], mode: 'ok' },
  { id: 'S8', s: { targetType: 'ip' }, client: 'pod@n2', p: [1, 3], mode: 'hairpin-reset' },
  { id: 'S9', s: { targetType: 'ip', preserveClientIp: false }, client: 'pod@n2', p: [0, 1], mode: 'ok' },
  { id: 'S10', s: { cni: 'overlay' }, client: 'pod@n1', p: [1, 6], mode: 'loopback-drop' },
  { id: 'S11', s: {}, client: 'host@n1', p: [1, 6], mode: 'loopback-drop' },
  { id: 'S12', s: {}, client: 'vpc', p: [0, 1], mode: 'ok' },
  { id: 'S13', s: { scheme: 'internet-facing' }, client: 'pod@n1', p: [0, 1], mode: 'ok' },
];

describe('simulation oracle (SCENARIOS.md)', () => {
  for (const row of rows) {
    it(`${row.id}: ${row.client} fails with P=${row.p[0]}/${row.p[1]} (${row.mode})`, () => {
      const r = enumerateClient(buildTopology(t1(row.s)), row.client);
      assert.equal(r.error, undefined);
      assert.equal(r.failureProbability.toString(), Fraction.of(row.p[0], row.p[1]).toString());
      const total = r.modes.reduce((sum, m) => sum.add(m.probability), Fraction.ZERO);
      assert.ok(total.equals(Fraction.ONE), `modes sum to ${total}`);
      if (row.mode !== 'ok') assert.equal(r.modes[0]!.mode, row.mode);
      else assert.deepEqual(r.modes.map((m) => m.mode), ['ok']);
    });
  }
});

describe('beyond the oracle table', () => {
  it('an internet client reaches an internet-facing NLB and connects', () => {
    const r = enumerateClient(buildTopology(t1({ scheme: 'internet-facing' })), 'internet');
    assert.deepEqual(r.modes.map((m) => m.mode), ['ok']);
    assert.ok(r.modes[0]!.trace.hops.some((h) => h.kind === 'internet'));
  });

  it('DNS leaves out an NLB node whose zone has no healthy target (cross-zone off, Local, no gateway pod in zone c)', () => {
    const s = t1({ crossZone: false, trafficPolicy: 'Local', endpoints: { n2: 1, n4: 1 } });
    const r = enumerateClient(buildTopology(s), 'vpc');
    assert.equal(r.failureProbability.toString(), '0');
    const dns = r.modes[0]!.trace.hops.find((h) => h.kind === 'dns')!;
    assert.ok(dns.steps.some((x) => x.type === 'dns' && /not zone-c/.test(x.detail.address)));
  });

  it('with no healthy target anywhere the NLB fails open in DNS and drops: no-healthy-target', () => {
    const r = enumerateClient(buildTopology(t1({ trafficPolicy: 'Local', endpoints: {} })), 'vpc');
    assert.deepEqual(r.modes.map((m) => [m.mode, m.probability.toString()]), [['no-healthy-target', '1']]);
  });

  it('an unknown client node is reported, not simulated', () => {
    const r = enumerateClient(buildTopology(t1()), 'pod@n99');
    assert.match(r.error!, /no node named "n99"/);
  });
});
