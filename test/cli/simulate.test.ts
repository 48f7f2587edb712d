import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function hairpin(...args: string[]) {
  // simulate --format json prints every listener's traces (a Service's NLB has one per port): more than spawnSync's 1 MB default.
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('hairpin simulate (built CLI)', () => {
  it('JSON: frontends with per-client probabilities in [0, 1], modes, traces and re-simulated mitigations', () => {
    const r = hairpin('simulate', 'examples/istio-gateway', '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const [f] = out.frontends;
    assert.equal(f.name, 'istio-system/istio-ingressgateway');
    assert.equal(f.file, 'examples/istio-gateway/gateway-service.yaml');
    assert.equal(f.line, 7);
    const n1 = f.clients.find((c: { location: string }) => c.location === 'pod@n1');
    assert.equal(n1.failureProbabilityExact, '1/6');
    assert.equal(n1.mode, 'hairpin-reset');
    assert.equal(n1.trace.disposition, 'connect-timeout');
    assert.ok(n1.trace.hops.length > 10);
    for (const c of f.clients) assert.ok(c.failureProbability >= 0 && c.failureProbability <= 1);
    const local = f.mitigations.find((m: { change: string }) => m.change === 'local-policy');
    assert.deepEqual(local.clients.map((c: { failureProbabilityExact: string }) => c.failureProbabilityExact), ['0', '1/3']);
    const off = f.mitigations.find((m: { change: string }) => m.change === 'disable-preservation');
    assert.deepEqual(off.clients.map((c: { failureProbability: number }) => c.failureProbability), [0, 0]);
  });

  it('text: a table per frontend and an ASCII sequence diagram of the failing handshake', () => {
    const r = hairpin('simulate', 'examples/istio-gateway');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /pod@n1 +1\/6 \(17%\) +hairpin-reset/);
    assert.match(r.stdout, /failing handshake: pod@n1, hairpin-reset/);
    assert.match(r.stdout, /\| SYN 10\.0\.1\.\d+:40312 > 10\.0\.101\.10:443/);
    assert.match(r.stdout, /client: SYN-ACK from 10\.0\.1\.1:31380, but the socket is connecting to 10\.0\.101\.10:443/);
    assert.match(r.stdout, /=> connect-timeout at 127 s/);
  });

  it('.hairpin.yaml at the root of PATH describes the cluster: overlay CNI turns the hairpin into a loopback drop', () => {
    const r = hairpin('simulate', 'test/fixtures/workspaces/overlay', '--format', 'json');
    const f = JSON.parse(r.stdout).frontends[0];
    const by = Object.fromEntries(f.clients.map((c: { location: string }) => [c.location, c]));
    assert.deepEqual(Object.keys(by), ['pod@a1', 'host@a1', 'vpc']);
    assert.equal(by['pod@a1'].mode, 'loopback-drop');
    assert.equal(by['pod@a1'].failureProbabilityExact, '1/4');
    assert.equal(by['host@a1'].mode, 'loopback-drop');
    assert.equal(by.vpc.failureProbability, 0);
  });

  it('--config FILE: errors in it are reported with file and line; a missing one is a usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-cfg-'));
    const cfg = join(dir, 'cluster.yaml');
    writeFileSync(cfg, 'cluster:\n  cni: weave\n');
    const r = hairpin('simulate', 'examples/istio-gateway', '--config', cfg);
    assert.equal(r.code, 0);
    assert.ok(r.stdout.includes(`${cfg}:2: error: .hairpin.yaml: cluster.cni must be aws-vpc-cni or overlay, not "weave"`), r.stdout);
    const missing = hairpin('check', 'examples/istio-gateway', '--config', join(dir, 'nope.yaml'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--config .*nope\.yaml: no such file\. Give the path of an existing cluster description/);
    assert.equal(hairpin('simulate', 'examples', '--format', 'sarif').code, 2);
  });
});
