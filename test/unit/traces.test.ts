import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONNECT_TIMEOUT_MS, SYN_RETRANSMIT_MS } from '../../server/src/core/simulate/engine';
import { enumerateClient, type FailureMode } from '../../server/src/core/simulate/enumerate';
import { t1, type Scenario } from '../../server/src/core/simulate/scenario';
import { buildTopology } from '../../server/src/core/simulate/topology';
import type { Hop, Step, Trace } from '../../server/src/core/simulate/trace';

function traceFor(s: Partial<Scenario>, client: Parameters<typeof enumerateClient>[1], mode: FailureMode): Trace {
  const r = enumerateClient(buildTopology(t1(s)), client);
  const m = r.modes.find((x) => x.mode === mode);
  assert.ok(m, `no ${mode} path for ${client}`);
  return m.trace;
}

const firstAttempt = (t: Trace) => t.hops.filter((h) => h.attempt === 0);
const steps = (hops: Hop[], type: Step['type']) => hops.flatMap((h) => h.steps.filter((s) => s.type === type).map((s) => ({ hop: h, step: s })));

describe('trace shapes (SCENARIOS.md "What the traces must show")', () => {
  it('S1 hairpin-reset: SYN via NLB to n1:31380 with the client IP kept, DNAT+SNAT, SYN-ACK reversed and delivered locally, client RST, retransmits, timeout', () => {
    const t = traceFor({}, 'pod@n1', 'hairpin-reset');
    const hops = firstAttempt(t);
    const clientIp = hops.find((h) => h.element === 'host:n1')!.packet!.src.ip;
    const nlbHop = hops.find((h) => h.kind === 'nlb-node')!;
    const toTarget = hops[hops.indexOf(nlbHop) + 1]!.packet!;
    assert.deepEqual([toTarget.src.ip, toTarget.dst.ip, toTarget.dst.port, toTarget.flags], [clientIp, '10.0.1.1', 31380, ['SYN']]);

    const n1 = hops.filter((h) => h.element === 'host:n1');
    const nat = steps(n1, 'nat').map((x) => x.step.action);
    assert.deepEqual(nat.slice(0, 2), ['DNAT', 'SNAT']);
    const synAck = hops.find((h) => h.packet?.flags.join() === 'SYN,ACK' && h.element === 'host:n1')!;
    const delivery = synAck.steps.find((s) => s.type === 'route')!;
    assert.equal(delivery.action, 'local-delivery');
    assert.equal(synAck.steps.find((s) => s.type === 'conntrack')!.action, 'matched-reply');
    // After delivery nothing of this SYN-ACK reaches the fabric: the next hop is the client.
    const next = hops[hops.indexOf(synAck) + 1]!;
    assert.equal(next.element, 'client');
    assert.deepEqual([next.packet!.src.ip, next.packet!.src.port], ['10.0.1.1', 31380]);
    assert.ok(next.steps.some((s) => s.type === 'socket' && s.action === 'no-match'));
    assert.ok(next.steps.some((s) => s.type === 'socket' && s.action === 'rst-sent'));
    assert.equal(t.firstAttempt, 'reset-by-client');

    const retransmits = t.hops.filter((h) => h.steps.some((s) => s.type === 'socket' && s.action === 'retransmit')).map((h) => h.time);
    assert.deepEqual(retransmits, [...SYN_RETRANSMIT_MS]);
    for (let a = 1; a <= SYN_RETRANSMIT_MS.length; a++) {
      const attempt = t.hops.filter((h) => h.attempt === a);
      assert.ok(attempt.some((h) => h.kind === 'nlb-node' && h.steps.some((s) => s.type === 'flow' && s.action === 'matched')), `retry ${a} keeps the NLB flow`);
      assert.ok(attempt.some((h) => h.element === 'client' && h.steps.some((s) => s.action === 'rst-sent')), `retry ${a} is reset again`);
    }
    assert.equal(t.disposition, 'connect-timeout');
    assert.equal(t.endTime, CONNECT_TIMEOUT_MS);
  });

  it('S6 (Local): same shape without the SNAT step', () => {
    const hops = firstAttempt(traceFor({ trafficPolicy: 'Local' }, 'pod@n2', 'hairpin-reset'));
    const nat = steps(hops.filter((h) => h.element === 'host:n2'), 'nat').map((x) => x.step.action);
    assert.equal(nat[0], 'DNAT');
    assert.ok(!nat.includes('SNAT'));
    assert.ok(hops.some((h) => h.element === 'client' && h.steps.some((s) => s.action === 'rst-sent')));
  });

  it('S8 (ip targets): no SNAT, and the SYN-ACK the client rejects comes from the gateway pod itself', () => {
    const hops = firstAttempt(traceFor({ targetType: 'ip' }, 'pod@n2', 'hairpin-reset'));
    assert.equal(steps(hops, 'nat').filter((x) => x.step.action === 'SNAT').length, 0);
    const rejected = hops.find((h) => h.element === 'client' && h.packet?.flags.includes('SYN'))!;
    assert.deepEqual(rejected.packet!.src, { ip: '10.0.1.101', port: 8443 });
  });

  for (const [name, s, client] of [
    ['S10 (overlay)', { cni: 'overlay' }, 'pod@n1'],
    ['S11 (host network)', {}, 'host@n1'],
  ] as const) {
    it(`${name} loopback-drop: the SYN reaches n1 with n1's own address as source and is dropped; no SYN-ACK ever`, () => {
      const t = traceFor(s, client, 'loopback-drop');
      const hops = firstAttempt(t);
      const drop = hops.find((h) => h.steps.some((x) => x.type === 'filter'))!;
      assert.equal(drop.element, 'host:n1');
      assert.deepEqual([drop.packet!.src.ip, drop.packet!.dst.ip], ['10.0.1.1', '10.0.1.1']);
      assert.match((drop.steps.find((x) => x.type === 'filter')!.detail as { reason: string }).reason, /martian/);
      assert.ok(!t.hops.some((h) => h.packet?.flags.includes('ACK')));
      assert.equal(t.disposition, 'connect-timeout');
    });
  }

  it('ok: the SYN-ACK crosses the fabric, is steered back through the NLB node, and the client socket matches it', () => {
    const t = traceFor({}, 'pod@n1', 'ok');
    const hops = firstAttempt(t);
    const steer = hops.findIndex((h) => h.steps.some((s) => s.type === 'route' && s.action === 'steered-to-nlb'));
    assert.ok(steer >= 0);
    assert.equal(hops[steer + 1]!.kind, 'nlb-node');
    assert.ok(hops.some((h) => h.element === 'client' && h.steps.some((s) => s.action === 'established')));
    assert.equal(t.disposition, 'established');
  });

  it('NAT steps are field diffs and conntrack steps carry 5-tuples; the whole trace is plain JSON', () => {
    const t = traceFor({}, 'pod@n1', 'hairpin-reset');
    const dnat = steps(t.hops, 'nat').find((x) => x.step.action === 'DNAT')!.step;
    assert.deepEqual((dnat.detail as { diffs: readonly unknown[] }).diffs[0], { field: 'dstIp', old: '10.0.1.1', new: '10.0.1.101' });
    const ct = steps(t.hops, 'conntrack')[0]!.step.detail as { tuple: { proto: string } };
    assert.equal(ct.tuple.proto, 'tcp');
    assert.deepEqual(JSON.parse(JSON.stringify(t)), t);
  });
});
