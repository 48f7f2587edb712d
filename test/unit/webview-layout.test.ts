// The handshake diagram's layout and breaking point, without a browser (client/webview/render is DOM-free
// up to svg.ts). The browser test (test/webview) checks the drawing itself.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { breakingPoint } from '../../client/webview/render/breaking-point';
import { layout } from '../../client/webview/render/layout';
import { traceResult } from '../webview/traces';

const result = traceResult();
const hairpin = result.clients.find((c) => c.location === 'pod@n1')!.trace!;

describe('handshake diagram layout', () => {
  it('has one lifeline per element, client and DNS first, in the order packets meet them', () => {
    assert.deepEqual(layout(hairpin, { expanded: false }).lifelines.map((l) => `${l.id}=${l.caption}`), [
      'client=client pod',
      'dns=DNS',
      'host:n1=node (kube-proxy)',
      'fabric=VPC fabric',
      'nlb:zone-a=NLB node',
      'host:n2=node (kube-proxy)',
      'pod:gw-n2-0=backend pod',
    ]);
  });

  it('keeps NLB nodes side by side when a second one appears later (the collision trace)', () => {
    const ids = layout(result.collision.trace!, { expanded: false }).lifelines.map((l) => l.id);
    assert.equal(ids.indexOf('nlb:zone-b'), ids.indexOf('nlb:zone-a') + 1, ids.join(' '));
  });

  it('collapses the retransmissions into one row by default, and draws every packet when expanded', () => {
    const collapsed = layout(hairpin, { expanded: false });
    assert.equal(collapsed.rows.filter((r) => r.kind === 'retransmissions').length, 1);
    assert.equal(collapsed.rows.filter((r) => r.kind === 'attempt').length, 0);
    assert.equal(collapsed.rows.filter((r) => r.kind === 'arrow').length, hairpin.hops.filter((h) => h.attempt === 0 && h.packet).length);
    const expanded = layout(hairpin, { expanded: true });
    assert.equal(expanded.rows.filter((r) => r.kind === 'attempt').length, 6);
    assert.equal(expanded.rows.filter((r) => r.kind === 'arrow').length, hairpin.hops.filter((h) => h.packet).length);
    const ys = expanded.rows.map((r) => r.y);
    assert.deepEqual(ys, [...ys].sort((a, b) => a - b), 'rows go down in time');
  });

  it('finds the hairpin: the local delivery of the reverse-NATed SYN-ACK, the SYN-ACK, the RST', () => {
    const b = breakingPoint(hairpin)!;
    assert.match(b.cause, /^host:n1 reverse-NATs the SYN-ACK and delivers it locally: the client gets a SYN-ACK from 10\.0\.1\.1:31380 while connecting to 10\.0\.101\.10:443, and answers RST$/);
    assert.deepEqual(b.arrows.map((i) => `${hairpin.hops[i]!.element} ${hairpin.hops[i]!.packet!.flags.join('+')}`), ['client SYN+ACK', 'host:n1 RST']);
    assert.deepEqual(b.notes.map((i) => hairpin.hops[i]!.element), ['host:n1', 'client']);
  });

  it('finds the colliding 4-tuple and the martian drop; an established trace has no breaking point', () => {
    assert.match(breakingPoint(result.collision.trace!)!.cause, /^colliding 4-tuple 10\.0\.1\.1:\d+ → 10\.0\.1\.101:8443: pod:gw-n2-0 already has that connection/);
    const hops = hairpin.hops.map((h, i) => (i === 4 ? { ...h, steps: [...h.steps, { type: 'filter' as const, action: 'dropped' as const, detail: { reason: 'martian source 10.0.1.102' } }] } : h));
    assert.equal(breakingPoint({ ...hairpin, firstAttempt: 'dropped-martian', hops })!.cause, `${hairpin.hops[4]!.element} drops the packet: martian source 10.0.1.102`);
    const ok = result.clients[0]!.modes.find((m) => m.mode === 'ok')!.trace!;
    assert.equal(breakingPoint(ok), undefined);
  });
});
