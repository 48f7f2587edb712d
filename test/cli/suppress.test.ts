import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
/** The istio-gateway example with HP101 suppressed by a comment, and a Deployment with an unused suppression. */
const FOLDER = 'test/fixtures/suppress';
const REASON = 'in-cluster callers reach the gateway through the mesh, not the NLB';

function hairpin(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('hairpin check honours suppressions (built CLI)', () => {
  it('text: the suppressed finding is not printed, the count is, and HP001 is a hint line', () => {
    const r = hairpin('check', FOLDER);
    assert.doesNotMatch(r.stdout, /HP101 hairpin-reset/);
    assert.match(r.stdout, /^test\/fixtures\/suppress\/gateway-service\.yaml\n(?: .*\n)*? {2}14:62 +warning +HP103 cross-zone-tuple-collision /m);
    assert.match(r.stdout, /^test\/fixtures\/suppress\/unused\.yaml\n {2}7:20 +hint +HP001 unused-suppression +Unused suppression/m);
    assert.match(r.stdout, /^2 findings \(0 error, 2 warning, 0 info\) in 2 files; 1 load balancer simulated; 1 suppressed; 1 suppression problem\.$/m);
  });

  it('the exit code ignores suppressed findings and hints', () => {
    // Unsuppressed, the example's HP101 is an error; here only the HP103 warning is left.
    assert.equal(hairpin('check', FOLDER, '--fail-on', 'error').code, 0);
    assert.equal(hairpin('check', FOLDER, '--fail-on', 'warning').code, 1);
    assert.equal(hairpin('check', `${FOLDER}/unused.yaml`, '--fail-on', 'note').code, 0, 'an unused suppression alone never fails');
  });

  it('a suppression without a reason is a warning that fails --fail-on warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-suppress-'));
    const text = readFileSync(join(ROOT, FOLDER, 'gateway-service.yaml'), 'utf8')
      .replace(`# hairpin-ignore HP101 ${REASON}`, '# hairpin-ignore HP101')
      .replace('    service.beta.kubernetes.io/aws-load-balancer-attributes', '    # hairpin-ignore HP103\n    service.beta.kubernetes.io/aws-load-balancer-attributes')
      .replace('  name: istio-ingressgateway\n', '  # hairpin-ignore HP105 clients reconnect within five minutes\n  name: istio-ingressgateway\n');
    writeFileSync(join(dir, 'svc.yaml'), text);
    const r = hairpin('check', dir, '--format', 'json');
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.findings, []);
    assert.deepEqual(out.suppressed.map((f: { ruleId: string }) => f.ruleId).sort(), ['HP101', 'HP103', 'HP105']);
    assert.deepEqual(out.suppressionProblems.map((p: { ruleId: string; severity: string }) => [p.ruleId, p.severity]), [['HP002', 'warning'], ['HP002', 'warning']]);
    assert.equal(hairpin('check', dir, '--fail-on', 'error').code, 0);
  });

  it('json: suppressed findings are listed with their suppression and where it is written', () => {
    const out = JSON.parse(hairpin('check', FOLDER, '--format', 'json').stdout);
    assert.deepEqual(out.findings.map((f: { ruleId: string }) => f.ruleId), ['HP103', 'HP105']);
    const [s] = out.suppressed;
    assert.equal(s.ruleId, 'HP101');
    assert.deepEqual([s.startLine, s.startColumn, s.probabilityExact], [12, 67, '1/6']);
    assert.deepEqual(s.suppression, { kind: 'inSource', justification: REASON, file: `${FOLDER}/gateway-service.yaml`, startLine: 11, startColumn: 5, endLine: 11, endColumn: 94 });
    assert.deepEqual(out.suppressionProblems.map((p: { ruleId: string; startLine: number }) => [p.ruleId, p.startLine]), [['HP001', 7]]);
  });

  it('sarif: the suppressed result stays, with suppressions[] of kind inSource and the reason; HP001 is a result with its rule', () => {
    const run = JSON.parse(hairpin('check', FOLDER, '--format', 'sarif').stdout).runs[0];
    const rules = run.tool.driver.rules.map((r: { id: string }) => r.id);
    assert.deepEqual(rules, ['HP001', 'HP002', 'HP003', 'HP101', 'HP102', 'HP103', 'HP104', 'HP105']);
    const hp101 = run.results.filter((r: { ruleId: string }) => r.ruleId === 'HP101');
    assert.equal(hp101.length, 1);
    assert.equal(hp101[0].suppressions.length, 1);
    assert.equal(hp101[0].suppressions[0].kind, 'inSource');
    assert.equal(hp101[0].suppressions[0].justification, REASON);
    assert.equal(hp101[0].suppressions[0].location.physicalLocation.region.startLine, 11);
    const hp103 = run.results.find((r: { ruleId: string }) => r.ruleId === 'HP103');
    assert.equal(hp103.suppressions, undefined);
    const hp001 = run.results.find((r: { ruleId: string }) => r.ruleId === 'HP001');
    assert.equal(hp001.level, 'note');
    assert.equal(rules[hp001.ruleIndex], 'HP001');
    assert.match(run.tool.driver.rules[hp001.ruleIndex].help.markdown, /^# HP001 unused-suppression/);
    const replacement = hp001.fixes[0].artifactChanges[0].replacements[0];
    assert.deepEqual([replacement.deletedRegion.startLine, replacement.deletedRegion.endLine, replacement.insertedContent.text], [7, 8, '']);
  });
});
