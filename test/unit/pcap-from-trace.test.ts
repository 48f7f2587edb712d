import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CAPTURE_EPOCH_MS, captureOf, observations, type Observation } from '../../server/src/core/pcap/from-trace';
import { pcapngFile } from '../../server/src/core/pcap/pcapng-file';
import { collisionTrace } from '../../server/src/core/simulate/collision-trace';
import { SYN_RETRANSMIT_MS } from '../../server/src/core/simulate/engine';
import { enumerateClient, type FailureMode } from '../../server/src/core/simulate/enumerate';
import { formatEndpoint, formatFlags } from '../../server/src/core/simulate/packet';
import { t1, type Scenario } from '../../server/src/core/simulate/scenario';
import { buildTopology } from '../../server/src/core/simulate/topology';
import type { Trace } from '../../server/src/core/simulate/trace';

function traceFor(s: Partial<Scenario>, client: Parameters<typeof enumerateClient>[1], mode: FailureMode): Trace {
  const m = enumerateClient(buildTopology(t1(s)), client).modes.find((x) => x.mode === mode);
  assert.ok(m, `no ${mode} path for ${client}`);
  return m.trace;
}

const show = (o: Observation) => `${o.direction} ${formatFlags(o.packet.flags)} ${formatEndpoint(o.packet.src)} > ${formatEndpoint(o.packet.dst)}`;
const at = (obs: Observation[], element: string, attempt = 0) => obs.filter((o) => o.element === element && o.attempt === attempt);

describe('observations: each packet as each element saw it', () => {
  it('S1 hairpin-reset at n1: the SYN before and after DNAT+SNAT, the SYN-ACK before and after un-NAT; the client gets it from n1:31380 and answers RST', () => {
    const t = traceFor({}, 'pod@n1', 'hairpin-reset');
    const obs = observations(t);
    const client = at(obs, 'client').map(show);
    const clientIp = obs[0]!.packet.src.ip;
    assert.deepEqual(client, [
      `out SYN ${clientIp}:40312 > 10.0.101.10:443`,
      `in SYN+ACK 10.0.1.1:31380 > ${clientIp}:40312`,
      `out RST ${clientIp}:40312 > 10.0.1.1:31380`,
    ]);
    const n1 = at(obs, 'host:n1').map(show);
    const podIp = obs.find((o) => o.element.startsWith('pod:'))!.packet.dst.ip;
    for (const line of [
      `in SYN ${clientIp}:40312 > 10.0.1.1:31380`,
      `out SYN 10.0.1.1:40312 > ${podIp}:8443`,
      `in SYN+ACK ${podIp}:8443 > 10.0.1.1:40312`,
      `out SYN+ACK 10.0.1.1:31380 > ${clientIp}:40312`,
    ]) assert.ok(n1.includes(line), `${line} in\n${n1.join('\n')}`);
    assert.ok(n1.indexOf(`in SYN ${clientIp}:40312 > 10.0.1.1:31380`) < n1.indexOf(`out SYN 10.0.1.1:40312 > ${podIp}:8443`));
    // The NLB node sees the SYN to its own address and sends it on to n1's NodePort.
    assert.deepEqual(at(obs, 'nlb:zone-a').map(show), [`in SYN ${clientIp}:40312 > 10.0.101.10:443`, `out SYN ${clientIp}:40312 > 10.0.1.1:31380`]);
  });

  it('records each hop\'s arriving packet once, a sender\'s copy only when it changed the packet, and never goes back in time', () => {
    const traces = [traceFor({}, 'pod@n1', 'hairpin-reset'), traceFor({ trafficPolicy: 'Local' }, 'pod@n2', 'hairpin-reset'), traceFor({ targetType: 'ip' }, 'pod@n2', 'hairpin-reset'), traceFor({ cni: 'overlay' }, 'pod@n1', 'loopback-drop'), collisionTrace(buildTopology(t1()))!];
    for (const t of traces) {
      const obs = observations(t);
      assert.equal(obs.filter((o) => o.direction === 'in').length, t.hops.filter((h) => h.packet).length);
      for (let i = 1; i < obs.length; i++) assert.ok(obs[i]!.time >= obs[i - 1]!.time, 'sorted by time');
      for (const o of obs.filter((x) => x.direction === 'out' && x.element !== 'client')) {
        // A forwarded packet whose fields did not change is not recorded twice at the same element.
        const arrived = obs.filter((x) => x.element === o.element && x.direction === 'in' && x.time <= o.time).at(-1);
        if (arrived) assert.notEqual(show(arrived).slice(3), show(o).slice(4), `${o.element} ${show(o)}`);
      }
    }
  });

  it('S6 Local and S8 ip targets: no SNAT, so the backend sees the client\'s own address; in S8 the SYN-ACK the client gets is from the gateway pod itself', () => {
    const local = observations(traceFor({ trafficPolicy: 'Local' }, 'pod@n2', 'hairpin-reset'));
    const clientIp = local[0]!.packet.src.ip;
    const podIn = local.find((o) => o.element.startsWith('pod:') && o.direction === 'in')!;
    assert.equal(podIn.packet.src.ip, clientIp);
    const ip = observations(traceFor({ targetType: 'ip' }, 'pod@n2', 'hairpin-reset'));
    const pod = ip.find((o) => o.element.startsWith('pod:') && o.direction === 'in')!;
    const synAck = at(ip, 'client').find((o) => o.direction === 'in' && formatFlags(o.packet.flags) === 'SYN+ACK')!;
    assert.equal(formatEndpoint(synAck.packet.src), formatEndpoint(pod.packet.dst));
    assert.notEqual(synAck.packet.src.ip, ip[0]!.packet.dst.ip, 'not the address the client called');
  });

  it('S10 loopback-drop: the SYN reaches n1 with n1\'s own address as source, and nothing comes back', () => {
    const obs = observations(traceFor({ cni: 'overlay' }, 'pod@n1', 'loopback-drop'));
    assert.ok(at(obs, 'host:n1').some((o) => o.direction === 'in' && o.packet.src.ip === '10.0.1.1' && o.packet.dst.ip === '10.0.1.1'));
    assert.ok(!obs.some((o) => o.packet.flags.includes('ACK')));
  });

  it('keeps the simulated times: the client\'s SYNs leave at 0 and at each retransmission time', () => {
    const obs = observations(traceFor({}, 'pod@n1', 'hairpin-reset'));
    const syns = obs.filter((o) => o.element === 'client' && o.direction === 'out' && formatFlags(o.packet.flags) === 'SYN').map((o) => o.time);
    assert.deepEqual(syns, [0, ...SYN_RETRANSMIT_MS]);
  });
});

describe('captureOf: several traces in one capture', () => {
  const traces = () => [
    { label: 'S1 pod@n1 hairpin-reset', trace: traceFor({}, 'pod@n1', 'hairpin-reset') },
    { label: 'S10 pod@n1 loopback-drop', trace: traceFor({ cni: 'overlay' }, 'pod@n1', 'loopback-drop') },
    { label: 'T1 tuple-collision', trace: collisionTrace(buildTopology(t1()))! },
  ];

  it('one interface per element per trace, named by element id and described by the trace label; traces in separate windows starting on whole seconds', () => {
    const list = traces();
    const { interfaces, records } = captureOf(list);
    assert.deepEqual(
      interfaces.filter((i) => i.description!.startsWith('S1 ')).map((i) => i.name),
      [...new Set(observations(list[0]!.trace).map((o) => o.element))],
    );
    for (const i of interfaces) assert.equal(i.description, `${list.find((l) => i.description!.startsWith(l.label))!.label}: ${i.name}`);
    const windows = list.map((l) => records.filter((r) => interfaces[r.interface]!.description!.startsWith(l.label)).map((r) => r.timeMicros));
    assert.equal(windows[0]![0], CAPTURE_EPOCH_MS * 1000);
    for (let k = 1; k < windows.length; k++) {
      assert.ok(Math.min(...windows[k]!) > Math.max(...windows[k - 1]!), 'no interleaving');
      assert.equal(Math.min(...windows[k]!) % 1_000_000, 0, 'starts on a whole second');
    }
    assert.equal(records.length, list.reduce((n, l) => n + observations(l.trace).length, 0));
    assert.ok(records.every((r) => r.comment && r.comment.startsWith(interfaces[r.interface]!.description!.split(': ')[0]!)));
  });

  it('is deterministic: two simulations give the same file', () => {
    const a = captureOf(traces());
    const b = captureOf(traces());
    assert.deepEqual(Buffer.from(pcapngFile('x', a.interfaces, a.records)), Buffer.from(pcapngFile('x', b.interfaces, b.records)));
  });
});
