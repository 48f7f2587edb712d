import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const EXAMPLE = readFileSync(join(ROOT, 'examples/istio-gateway/gateway-service.yaml'), 'utf8');

function hairpin(input: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What `helm template` prints: `# Source:` comments, documents that are not Services, `---` separators. */
const RENDERED = [
  '---',
  '# Source: gateway/templates/serviceaccount.yaml',
  'apiVersion: v1',
  'kind: ServiceAccount',
  'metadata:',
  '  name: istio-ingressgateway',
  '---',
  '# Source: gateway/templates/service.yaml',
  EXAMPLE.trim(),
  '',
].join('\n');

describe('hairpin with standard input and closed pipes (built CLI)', () => {
  it('`-` reads rendered manifests from stdin; findings are reported against <stdin> with line numbers', () => {
    const r = hairpin(RENDERED, 'check', '-', '--format', 'json');
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    const hp101 = out.findings.find((f: { ruleId: string }) => f.ruleId === 'HP101');
    assert.equal(hp101.file, '<stdin>');
    assert.equal(hp101.startLine, RENDERED.split('\n').findIndex((l) => l.includes('aws-load-balancer-nlb-target-type')) + 1);
  });

  it('--stdin-filename names the input, in text output too', () => {
    const r = hairpin(RENDERED, 'check', '-', '--stdin-filename', 'rendered/gateway.yaml');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^rendered\/gateway\.yaml\n(?: .*\n)*? {2}\d+:\d+ +error +HP101/m);
    // The best fix on the finding's line, titled as the editor's quick fix is.
    assert.match(r.stdout, /HP101 hairpin-reset +P\(fail\) 1\/6 \(17%\) +fix: Disable client IP preservation \(in-cluster failures 1\/6 → 0\)\n/);
  });

  it('stdin joins the files given as PATHs (a values file next to a rendered chart)', () => {
    const r = hairpin(RENDERED, 'check', '-', 'test/fixtures/k8s/preservation-off.yaml', '--format', 'json');
    assert.equal(r.code, 1, r.stderr);
    const files = new Set(JSON.parse(r.stdout).frontends.map((f: { file: string }) => f.file));
    assert.deepEqual([...files].sort(), ['<stdin>', 'test/fixtures/k8s/preservation-off.yaml']);
  });

  it('empty stdin is not an error: nothing found', () => {
    const r = hairpin('', 'check', '-');
    assert.equal(r.code, 0, r.stderr);
  });

  it('output into a pipe the reader closed early ends quietly, without a stack trace', async () => {
    const child = spawn(process.execPath, [CLI, 'simulate', 'examples/istio-gateway', '--format', 'json'], { cwd: ROOT });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // Like `| head -c 100`: take the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });
});
