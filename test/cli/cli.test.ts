import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const EXAMPLE = 'examples/istio-gateway';

function hairpin(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('hairpin check (built CLI)', () => {
  it('prints findings grouped by file and exits 1 when something is at or above the default --fail-on warning', () => {
    const r = hairpin('check', EXAMPLE);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^examples\/istio-gateway\/gateway-service\.yaml\n(?: .*\n)*? {2}11:67 +error +HP101 hairpin-reset +P\(fail\) 1\/6 \(17%\)/m);
    assert.match(r.stdout, /warning +HP103 cross-zone-tuple-collision/);
    assert.match(r.stdout, /3 findings \(1 error, 2 warning, 0 info\)/);
  });

  it('--fail-on decides the exit code', () => {
    assert.equal(hairpin('check', EXAMPLE, '--fail-on', 'none').code, 0);
    assert.equal(hairpin('check', EXAMPLE, '--fail-on=error').code, 1);
    assert.equal(hairpin('check', 'test/fixtures/k8s/preservation-off.yaml').code, 0);
    assert.equal(hairpin('check', 'test/fixtures/k8s/legacy-in-tree.yaml', '--fail-on', 'error').code, 1);
  });

  it('usage errors and missing paths exit 2 with a message on stderr', () => {
    const missing = hairpin('check', 'no/such/path');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file or folder: no\/such\/path/);
    for (const args of [['check'], ['check', EXAMPLE, '--format', 'xml'], ['check', EXAMPLE, '--fail-on'], ['lint', EXAMPLE], ['check', '--bogus', EXAMPLE]]) {
      const r = hairpin(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^hairpin: /);
    }
    assert.equal(hairpin('--help').code, 0);
  });

  it('--format json: findings with 1-based regions, frontends with per-client probabilities', () => {
    const r = hairpin('check', EXAMPLE, '--format', 'json');
    const out = JSON.parse(r.stdout);
    const hp101 = out.findings.find((f: { ruleId: string }) => f.ruleId === 'HP101');
    assert.deepEqual([hp101.startLine, hp101.startColumn, hp101.probabilityExact, hp101.mode], [11, 67, '1/6', 'hairpin-reset']);
    const clients = out.frontends[0].clients;
    assert.deepEqual(clients.map((c: { location: string }) => c.location), ['pod@n1', 'pod@n2']);
    assert.ok(Math.abs(clients[0].failureProbability - 1 / 6) < 1e-12);
  });

  it('--format sarif: a SARIF 2.1.0 log with rules and located results', () => {
    const r = hairpin('check', EXAMPLE, '--format', 'sarif');
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'hairpin');
    for (const rule of run.tool.driver.rules) {
      assert.match(rule.id, /^HP\d{3}$/);
      assert.equal(typeof rule.name, 'string');
      assert.equal(typeof rule.shortDescription.text, 'string');
      assert.equal(typeof rule.help.markdown, 'string');
    }
    assert.equal(run.results.length, 3);
    for (const res of run.results) {
      assert.ok(['error', 'warning', 'note'].includes(res.level));
      assert.equal(typeof res.message.text, 'string');
      assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
      const loc = res.locations[0].physicalLocation;
      assert.equal(loc.artifactLocation.uri, 'examples/istio-gateway/gateway-service.yaml');
      assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
      for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn']) assert.ok(Number.isInteger(loc.region[k]) && loc.region[k] >= 1, k);
    }
    assert.match(run.originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/.*\/$/);
  });

  it('--max-file-size skips larger files with a notice (and validates its value)', () => {
    const r = hairpin('check', EXAMPLE, '--max-file-size', '100', '--format', 'json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.findings.length, 0);
    assert.ok(out.notices.some((n: { message: string }) => /over the 100-character limit/.test(n.message)), r.stdout);
    assert.equal(hairpin('check', EXAMPLE, '--max-file-size', 'big').code, 2);
  });

  it('files it cannot use are notifications, not crashes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-cli-'));
    writeFileSync(join(dir, 'broken.yaml'), 'a: [1,\nb: }');
    writeFileSync(join(dir, 'template.yaml'), 'name: {{ .Values.name }}\n');
    writeFileSync(join(dir, 'binary.yml'), Buffer.from([0, 1, 2, 3]));
    const locked = join(dir, 'locked.yaml');
    writeFileSync(locked, 'a: 1');
    chmodSync(locked, 0o000);
    const r = hairpin('check', dir, '--format', 'sarif');
    assert.equal(r.code, 0, r.stderr);
    const notes = JSON.parse(r.stdout).runs[0].invocations[0].toolExecutionNotifications.map((n: { message: { text: string } }) => n.message.text);
    assert.ok(notes.some((t: string) => t.startsWith('YAML syntax error')), notes.join('\n'));
    assert.ok(notes.some((t: string) => t.startsWith('Skipped: Helm template')));
    assert.ok(notes.some((t: string) => /binary/.test(t)));
    // Root can read anything; elsewhere the unreadable file is reported too.
    if (process.getuid?.() !== 0) assert.ok(notes.some((t: string) => t.startsWith('Skipped: cannot read')));
  });
});
