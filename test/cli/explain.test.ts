import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const EXAMPLE = 'examples/istio-gateway/gateway-service.yaml';

function hairpin(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('hairpin explain (built CLI)', () => {
  it('FILE:LINE on the target-type annotation: value, provenance, effect, client table, what-ifs', () => {
    const r = hairpin('explain', `${EXAMPLE}:11`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /target type = instance \(written in the file\)/);
    assert.match(r.stdout, /client IP preservation = true \(default: AWS/);
    assert.match(r.stdout, /never returns through the NLB/);
    assert.match(r.stdout, /a pod on n1 \(a node without a gateway pod\)\s+1\/6 \(17%\)\s+hairpin-reset/);
    assert.match(r.stdout, /Disable client IP preservation.*worst client 0%/);
  });

  it('draws the failing handshake: the SYN, the SYN-ACK from the unexpected address, the RST and the retransmissions', () => {
    const r = hairpin('explain', `${EXAMPLE}:11:10`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Failing handshake: pod@n1, hairpin-reset \(p=1\/6\)/);
    assert.match(r.stdout, /\| SYN 10\.0\.1\.102:\d+ > 10\.0\.101\.10:443/);
    assert.match(r.stdout, /SYN\+ACK 10\.0\.1\.1:31380 > 10\.0\.1\.102/);
    assert.match(r.stdout, /RST 10\.0\.1\.102:\d+ > 10\.0\.1\.1:31380/);
    assert.match(r.stdout, /connect-timeout at 127 s/);
  });

  it('prints tcpdump filters for the caller node and the target node, with the real ports', () => {
    const r = hairpin('explain', `${EXAMPLE}:11`);
    assert.match(r.stdout, /on n1, the caller's node.*\n\s+tcpdump -ni any 'host 10\.0\.1\.102 and \(tcp port 443 or tcp port 8443 or tcp port 31380\) and \(tcp\[tcpflags\] & \(tcp-syn\|tcp-rst\) != 0\)'/);
    assert.match(r.stdout, /on n2, a target node.*\n\s+tcpdump -ni any '\(tcp port 8443\) and/);
  });

  it('any line of the resource explains its NLB (here `kind: Service`), in Terraform too', () => {
    const yaml = hairpin('explain', `${EXAMPLE}:5`);
    assert.equal(yaml.code, 0, yaml.stderr);
    assert.match(yaml.stdout, /^istio-system\/istio-ingressgateway\n/);
    const tf = hairpin('explain', 'test/fixtures/same-nlb/main.tf:3');
    assert.equal(tf.code, 0, tf.stderr);
    assert.match(tf.stdout, /Failing handshake: pod@n1, hairpin-reset/);
  });

  it('JSON has the explanation data, the frontend with traces, and the capture filters', () => {
    const r = hairpin('explain', `${EXAMPLE}:11`, '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.explanation.field, 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type');
    assert.deepEqual(out.explanation.values.map((v: { label: string; origin: string }) => [v.label, v.origin]), [
      ['target type', 'explicit'],
      ['client IP preservation', 'default'],
    ]);
    assert.equal(out.frontend.clients[0].trace.disposition, 'connect-timeout');
    assert.deepEqual(out.captureFilters.map((f: { node: string }) => f.node), ['n1', 'n2']);
  });

  it('a position outside every NLB, a bad target and an unread file are usage errors (exit 2) that say what to do', () => {
    const outside = hairpin('explain', `${EXAMPLE}:1`);
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /nothing at .*gateway-service\.yaml:1 belongs to an AWS Network Load Balancer/);
    const bad = hairpin('explain', EXAMPLE);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /explain needs FILE:LINE/);
    const unread = hairpin('explain', 'README.md:1', 'examples/istio-gateway');
    assert.equal(unread.code, 2);
    assert.match(unread.stderr, /README\.md was not read/);
  });

  // Kind 7: each of these said "was not read (is it a file type Hairpin reads…)" or printed the line as 1e+20.
  for (const [target, message] of [
    ['examples/istio-gatway/gateway-service.yaml:11', /no such file or folder: examples\/istio-gatway; did you mean examples\/istio-gateway\?/],
    ['examples/istio-gateway/missing.yaml:3', /no such file or folder: examples\/istio-gateway\/missing\.yaml/],
    ['examples/istio-gateway:11', /examples\/istio-gateway is a folder; explain needs a file and a line in it/],
    [`${EXAMPLE}:40`, /gateway-service\.yaml has 29 lines; line 40 is past its end/],
    [`${EXAMPLE}:99999999999999999999`, /explain needs FILE:LINE or FILE:LINE:COL \(1-based\)/],
    [`${EXAMPLE}:11:99999999999999999999`, /explain needs FILE:LINE or FILE:LINE:COL \(1-based\)/],
  ] as const) {
    it(`explain ${target}: exit 2, and the message names what is wrong`, () => {
      const r = hairpin('explain', target);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /was not read|e\+\d/);
    });
  }
});
