import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function hairpin(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hairpin-annot-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const inTree = (annotations: string) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: gw\n  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-type: nlb\n${annotations}spec:\n  type: LoadBalancer\n  ports:\n    - port: 443\n`;

describe('hairpin check/simulate/explain on annotations read as their controllers read them (issue 10 A, B, H)', () => {
  for (const internal of ['10.0.0.0/8', '"0.0.0.0/0"', 'yes']) {
    it(`in-tree aws-load-balancer-internal: ${internal} is internal: HP101, exit 1`, () => {
      const dir = workspace({ 'svc.yaml': inTree(`    service.beta.kubernetes.io/aws-load-balancer-internal: ${internal}\n`) });
      const r = hairpin('check', dir);
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /error\s+HP101 hairpin-reset/);
    });
  }

  it('in-tree with nlb-target-type: ip: a note on that line, and the fix hands the Service to the controller', () => {
    const dir = workspace({ 'svc.yaml': inTree('    service.beta.kubernetes.io/aws-load-balancer-internal: "true"\n    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip\n') });
    const r = hairpin('check', dir, '--verbose');
    assert.match(r.stdout, /svc\.yaml\n(?:.*\n)*?\s+8\s+note\s+aws-load-balancer-nlb-target-type is ignored: .*cloud-provider-aws .*aws-load-balancer-type: external/);
    assert.match(r.stdout, /fix(?: \d)?: Hand the Service to the AWS Load Balancer Controller \(aws-load-balancer-type: external\) with ip targets/);
    assert.doesNotMatch(r.stdout, /fix(?: \d)?: Register pods as ip targets/);
  });

  it('in-tree target-group attributes: ignored without a version (HP101 and a note naming v1.35.0), honoured with cloudProviderAwsVersion 1.35.0', () => {
    const svc = inTree('    service.beta.kubernetes.io/aws-load-balancer-internal: "true"\n    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: preserve_client_ip.enabled=false\n');
    const old = hairpin('check', workspace({ 'svc.yaml': svc }));
    assert.equal(old.code, 1);
    assert.match(old.stdout, /svc\.yaml\n(?:.*\n)*?\s+8\s+note\s+aws-load-balancer-target-group-attributes is ignored by cloud-provider-aws .* before v1\.35\.0/);
    const current = hairpin('check', workspace({ 'svc.yaml': svc, '.hairpin.yaml': 'cluster:\n  cloudProviderAwsVersion: 1.35.0\n' }));
    assert.equal(current.code, 0, current.stdout);
    assert.doesNotMatch(current.stdout, /HP101/);
    const bad = hairpin('check', workspace({ 'svc.yaml': svc, '.hairpin.yaml': 'cluster:\n  cloudProviderAwsVersion: newest\n' }));
    assert.match(bad.stdout, /\.hairpin\.yaml\n\s+2\s+problem\s+\.hairpin\.yaml: cluster\.cloudProviderAwsVersion must be a version such as 1\.35\.0/);
  });

  it('simulate and explain label a CNI from .hairpin.yaml as written, and a built-in one as assumed', () => {
    const sim = hairpin('simulate', 'test/fixtures/workspaces/overlay');
    assert.match(sim.stdout, /CNI overlay \(written\)/);
    const ex = hairpin('explain', 'test/fixtures/workspaces/overlay/gateway.yaml:8:20');
    assert.match(ex.stdout, /CNI overlay \(written: CNI in \.hairpin\.yaml\)/);
    assert.match(ex.stdout, /scheme = internal \(written in the file\)/);
    const plain = hairpin('explain', 'examples/istio-gateway/gateway-service.yaml:9:60');
    assert.match(plain.stdout, /CNI aws-vpc-cni \(assumed/);
  });

  it('explain: the what-if list says what each change fixes; the collision line states the target count', () => {
    const ex = hairpin('explain', 'test/fixtures/k8s/seed.yaml:9:62');
    assert.match(ex.stdout, /Disable cross-zone load balancing: worst client 17%, collisions 0% \(does not fix the connection failures; removes the collisions\)/);
    assert.match(ex.stdout, /one of 6 targets/);
    const check = hairpin('check', 'test/fixtures/k8s/seed.yaml', '--verbose');
    assert.match(check.stdout, /HP103 cross-zone-tuple-collision .*\n {6}About 0\.39% .*6 targets/);
  });
});
