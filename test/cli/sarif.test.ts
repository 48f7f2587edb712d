import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { ALL_RULE_METAS } from '../../server/src/core/rules/registry';
import { ruleDocPage } from '../../server/src/core/rules/docs';
import { webDocsBase, webHomepage } from '../../server/src/cli/sarif-rules';
import { stableSubject } from '../../server/src/cli/sarif-fingerprint';
import { formatSarif } from '../../server/src/cli/format-sarif';
import { analyze } from '../../server/src/core/analyze';
import { sarifSchemaErrors } from '../helpers/sarif-schema';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const KEY = 'hairpinFinding/v1';

interface SarifResult {
  ruleId: string;
  level: string;
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }[];
  relatedLocations?: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; justification?: string }[];
}

function sarif(cwd: string, ...paths: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'check', ...paths, '--format', 'sarif'], { cwd, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  const log = JSON.parse(r.stdout);
  return { log, run: log.runs[0], results: log.runs[0].results as SarifResult[], code: r.status };
}

/** A temporary checkout holding copies of fixture files or folders, under the names given. */
function checkout(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hairpin-sarif-'));
  for (const [to, from] of Object.entries(files)) cpSync(join(ROOT, from), join(dir, to), { recursive: true });
  return dir;
}

function edit(file: string, change: (text: string) => string): void {
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  assert.notEqual(after, before, `fixture drift: the edit changed nothing in ${file}`);
  writeFileSync(file, after);
}

const prints = (results: readonly SarifResult[]) => new Map(results.map((r) => [`${r.ruleId} ${r.locations[0]!.physicalLocation.artifactLocation.uri}`, r.partialFingerprints[KEY]!]));
const lines = (results: readonly SarifResult[]) => results.map((r) => r.locations[0]!.physicalLocation.region.startLine);

describe('SARIF 2.1.0 for code scanning (built CLI)', () => {
  it('is valid against the official SARIF 2.1.0 schema: findings, suppressions, skipped files, nothing found, stdin', () => {
    const skipped = mkdtempSync(join(tmpdir(), 'hairpin-sarif-skip-'));
    writeFileSync(join(skipped, 'broken.yaml'), 'a: [1,\nb: }');
    writeFileSync(join(skipped, 'template.yaml'), 'name: {{ .Values.name }}\n');
    writeFileSync(join(skipped, 'binary.yml'), Buffer.from([0, 1, 2, 3]));
    const cases: [string, ReturnType<typeof sarif>][] = [
      ['findings (k8s)', sarif(ROOT, 'examples/istio-gateway')],
      ['findings across formats', sarif(ROOT, 'test/fixtures/same-nlb')],
      ['findings (terraform, cloudformation, cdk)', sarif(ROOT, 'test/fixtures/terraform/plain', 'test/fixtures/cloudformation/internal-nlb.yaml', 'test/fixtures/cdk/gateway-nlb-stack.ts')],
      ['suppressions and suppression problems', sarif(ROOT, 'test/fixtures/suppress')],
      ['skipped files', sarif(skipped, '.')],
      ['no findings', sarif(ROOT, 'test/fixtures/k8s/preservation-off.yaml', 'test/fixtures/terraform/nodeport-service')],
    ];
    const stdin = spawnSync(process.execPath, [CLI, 'check', '-', '--format', 'sarif'], { cwd: ROOT, encoding: 'utf8', input: readFileSync(join(ROOT, 'test/fixtures/k8s/seed.yaml')) });
    for (const [name, { log }] of [...cases, ['stdin', { log: JSON.parse(stdin.stdout) }] as const]) {
      assert.deepEqual(sarifSchemaErrors(log), [], name);
    }
    // The cases are what they say they are.
    const by = Object.fromEntries(cases.map(([n, c]) => [n, c]));
    assert.ok(by['findings (k8s)']!.results.length >= 2);
    assert.ok(by['suppressions and suppression problems']!.results.some((r) => r.suppressions));
    assert.ok(by['skipped files']!.run.invocations[0].toolExecutionNotifications.length >= 3);
    assert.equal(by['no findings']!.results.length, 0);
    assert.deepEqual(sarifSchemaErrors({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }).length > 0, true, 'the validator rejects a driver without a name');
  });

  it('rules carry fullDescription and the rule page as help; no file: helpUri (package.json names no web address)', () => {
    const { run, log } = sarif(ROOT, 'examples/istio-gateway');
    const rules = run.tool.driver.rules as { id: string; fullDescription: { text: string }; help: { text: string; markdown: string }; helpUri?: string }[];
    assert.deepEqual(rules.map((r) => r.id), ALL_RULE_METAS.map((m) => m.id));
    for (const [i, meta] of ALL_RULE_METAS.entries()) {
      const rule = rules[i]!;
      assert.equal(rule.fullDescription.text, meta.description);
      assert.equal(rule.help.markdown, ruleDocPage(meta));
      assert.ok(rule.help.text.startsWith(meta.description) && rule.help.text.includes(meta.remediation[0]!), rule.id);
      assert.equal(rule.helpUri, undefined, rule.id);
    }
    assert.equal(run.tool.driver.informationUri, undefined);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(webDocsBase(pkg), undefined, 'if package.json gains a repository, this test and docs/ci.md change with it');
    // The only file: URI left is the checkout root the relative URIs resolve against.
    const fileUris = JSON.stringify(log).match(/"file:[^"]*"/g) ?? [];
    assert.deepEqual(fileUris, [JSON.stringify(pathToFileURL(ROOT + '/').href)]);
  });

  it('a web helpUri and informationUri come only from an https repository or homepage in package.json', () => {
    assert.equal(webDocsBase({ version: '1.2.0', repository: { url: 'git+https://github.com/acme/hairpin.git' } }), 'https://github.com/acme/hairpin/blob/v1.2.0/');
    assert.equal(webDocsBase({ version: '1.2.0', repository: 'https://github.com/acme/hairpin' }), 'https://github.com/acme/hairpin/blob/v1.2.0/');
    assert.equal(webDocsBase({ version: '1.2.0', repository: 'github:acme/hairpin' }), 'https://github.com/acme/hairpin/blob/v1.2.0/');
    for (const repository of ['file:///home/me/hairpin', 'git@github.com:acme/hairpin.git', 'http://github.com/acme/hairpin', '']) assert.equal(webDocsBase({ version: '1.2.0', repository }), undefined, repository);
    assert.equal(webHomepage({ version: '1.2.0', homepage: 'https://hairpin.example/docs' }), 'https://hairpin.example/docs');
    assert.equal(webHomepage({ version: '1.2.0', homepage: 'file:///x', repository: 'https://github.com/acme/hairpin.git' }), 'https://github.com/acme/hairpin');
    assert.equal(webHomepage({ version: '1.2.0' }), undefined);
  });

  it('in-process: rule helpUri from a web repository; a notice about Hairpin itself has no location and makes the run unsuccessful', () => {
    const text = readFileSync(join(ROOT, 'test/fixtures/k8s/seed.yaml'), 'utf8');
    const files = [{ path: 'k8s/seed.yaml', text }];
    const report = (notices: { file: string; level: 'warning' | 'error'; message: string }[]) => ({ result: analyze(files), notices, texts: new Map(files.map((f) => [f.path, f.text])), version: '1.2.0' });
    const linked = JSON.parse(formatSarif(report([]), '/w', { version: '1.2.0', repository: { url: 'git+https://github.com/acme/hairpin.git' } }));
    assert.deepEqual(sarifSchemaErrors(linked), []);
    const driver = linked.runs[0].tool.driver;
    assert.equal(driver.informationUri, 'https://github.com/acme/hairpin');
    for (const rule of driver.rules) assert.equal(rule.helpUri, `https://github.com/acme/hairpin/blob/v1.2.0/docs/rules/${rule.id}.md`);
    assert.equal(linked.runs[0].invocations[0].executionSuccessful, true);
    assert.equal(linked.runs[0].originalUriBaseIds['%SRCROOT%'].uri, 'file:///w/');
    const tool = JSON.parse(formatSarif(report([{ file: '(hairpin)', level: 'warning', message: 'Terraform and CDK files cannot be read' }]), '/w')).runs[0].invocations[0];
    assert.equal(tool.executionSuccessful, false);
    assert.equal(tool.toolExecutionNotifications[0].locations, undefined);
    const internal = JSON.parse(formatSarif(report([{ file: 'k8s/seed.yaml', level: 'error', message: 'Internal error while analysing gw: boom' }]), '/w')).runs[0].invocations[0];
    assert.equal(internal.executionSuccessful, false);
    assert.equal(internal.toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation.uri, 'k8s/seed.yaml');
  });

  it('uses relative URIs under %SRCROOT% (the folder check ran in) and an absolute file URI outside it', () => {
    const { run, results } = sarif(ROOT, join(ROOT, 'test/fixtures/terraform/plain'));
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(ROOT + '/').href);
    assert.equal(run.columnKind, 'utf16CodeUnits');
    for (const r of results) {
      for (const l of [...r.locations, ...(r.relatedLocations ?? [])]) {
        assert.equal(l.physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
        assert.match(l.physicalLocation.artifactLocation.uri, /^test\/fixtures\/terraform\/plain\/(main\.tf|terraform\.tfvars)$/);
      }
    }
    const outside = sarif(join(ROOT, 'docs'), join(ROOT, 'examples/istio-gateway'));
    const loc = outside.results[0]!.locations[0]!.physicalLocation.artifactLocation;
    assert.deepEqual(loc, { uri: pathToFileURL(join(ROOT, 'examples/istio-gateway/gateway-service.yaml')).href });
  });

  it('relatedLocations name the other files of the chain', () => {
    const { results } = sarif(ROOT, 'test/fixtures/same-nlb');
    for (const file of ['main.tf', 'template.yaml', 'stack.ts', 'stack.py']) {
      const hp101 = results.find((r) => r.ruleId === 'HP101' && r.locations[0]!.physicalLocation.artifactLocation.uri.endsWith(`/${file}`))!;
      assert.ok(hp101, file);
      const related = new Set(hp101.relatedLocations!.map((l) => l.physicalLocation.artifactLocation.uri));
      assert.ok(related.has('test/fixtures/same-nlb/service.yaml'), `${file}: ${[...related]}`);
    }
    const tf = sarif(ROOT, 'test/fixtures/terraform/plain').results.find((r) => r.ruleId === 'HP103')!;
    assert.equal(tf.locations[0]!.physicalLocation.artifactLocation.uri, 'test/fixtures/terraform/plain/terraform.tfvars');
    assert.ok(tf.relatedLocations!.some((l) => l.physicalLocation.artifactLocation.uri === 'test/fixtures/terraform/plain/main.tf'));
  });

  // Each member: the fixture, lines to put above everything, and an edit of the finding's subject (the frontend: a Service, or a listener).
  const members: { name: string; files: Record<string, string>; file: string; comment: string; rename: (t: string) => string }[] = [
    { name: 'Kubernetes Service', files: { 'k8s/gw.yaml': 'test/fixtures/k8s/seed.yaml' }, file: 'k8s/gw.yaml', comment: '# moved down\n# and again\n', rename: (t) => t.replace('name: istio-ingressgateway', 'name: edge-gateway') },
    { name: 'Terraform', files: { infra: 'test/fixtures/terraform/plain' }, file: 'infra/main.tf', comment: '# moved down\n\n', rename: (t) => t.replace('"aws_lb_listener" "https"', '"aws_lb_listener" "edge"') },
    { name: 'CloudFormation', files: { 'cfn/nlb.yaml': 'test/fixtures/cloudformation/internal-nlb.yaml' }, file: 'cfn/nlb.yaml', comment: '# moved down\n', rename: (t) => t.replace(/\bGatewayListener\b/g, 'EdgeListener') },
    { name: 'CDK', files: { 'cdk/stack.ts': 'test/fixtures/cdk/gateway-nlb-stack.ts' }, file: 'cdk/stack.ts', comment: '// moved down\n// and again\n', rename: (t) => t.replace(/\blistener\b/g, 'edgeListener') },
  ];
  for (const m of members) {
    it(`partialFingerprints survive lines inserted above and change with the subject: ${m.name}`, () => {
      const dir = checkout(m.files);
      const paths = Object.keys(m.files);
      const before = sarif(dir, ...paths).results;
      assert.ok(before.length >= 2, m.name);
      assert.equal(new Set(before.map((r) => r.partialFingerprints[KEY])).size, before.length, 'distinct findings, distinct fingerprints');
      assert.deepEqual(prints(sarif(dir, ...paths.map((p) => join(dir, p))).results), prints(before), 'absolute and relative PATHs give the same fingerprints');
      const folder = join(dir, paths[0]!);
      if (statSync(folder).isDirectory()) assert.deepEqual(prints(sarif(folder, '.').results), prints(sarif(folder, folder).results), 'check . and check <the folder> agree');
      edit(join(dir, m.file), (t) => m.comment + t);
      const moved = sarif(dir, ...paths).results;
      assert.notDeepEqual(lines(moved), lines(before), 'the findings moved');
      assert.deepEqual(prints(moved), prints(before));
      edit(join(dir, m.file), m.rename);
      const renamed = sarif(dir, ...paths).results;
      assert.equal(renamed.length, before.length);
      for (const r of renamed) assert.ok(![...prints(before).values()].includes(r.partialFingerprints[KEY]!), `${r.ruleId}: a renamed resource is a new finding`);
    });
  }

  it('the same finding in another file has another fingerprint; source offsets in ids are dropped', () => {
    const dir = checkout({ 'a/gw.yaml': 'test/fixtures/k8s/seed.yaml', 'b/gw.yaml': 'test/fixtures/k8s/seed.yaml' });
    const results = sarif(dir, 'a', 'b').results;
    assert.equal(new Set(results.map((r) => r.partialFingerprints[KEY])).size, results.length);
    assert.equal(stableSubject('cdk:/w/stack.ts:NetworkLoadBalancer@412', '/w'), 'cdk:stack.ts:NetworkLoadBalancer');
    assert.equal(stableSubject('./k8s/gw.yaml#Service/ns/gw', '/w'), 'k8s/gw.yaml#Service/ns/gw');
    assert.equal(stableSubject('tf:/w/infra:aws_lb.ingress', '/w/'), 'tf:infra:aws_lb.ingress');
    assert.equal(stableSubject('tf:/w:aws_lb_listener.https', '/w'), 'tf:.:aws_lb_listener.https');
    assert.equal(stableSubject('tf:.:aws_lb_listener.https', '/w'), 'tf:.:aws_lb_listener.https');
    assert.equal(stableSubject('tf:/w2:aws_lb_listener.https', '/w'), 'tf:/w2:aws_lb_listener.https');
  });

  it('suppressed findings keep their results with suppressions[] and the reason', () => {
    const { results } = sarif(ROOT, 'test/fixtures/suppress');
    const suppressed = results.filter((r) => r.suppressions);
    assert.deepEqual(suppressed.map((r) => r.ruleId), ['HP101']);
    assert.equal(suppressed[0]!.suppressions![0]!.kind, 'inSource');
    assert.match(suppressed[0]!.suppressions![0]!.justification!, /in-cluster callers reach the gateway/);
    const unused = results.find((r) => r.ruleId === 'HP001')!;
    assert.match(unused.partialFingerprints[KEY]!, /^[0-9a-f]{32}$/);
  });

  it('skipped files are toolExecutionNotifications with the file as location and the reason; the run still succeeded', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-sarif-skip-'));
    writeFileSync(join(dir, 'broken.yaml'), 'a: [1,\nb: }');
    writeFileSync(join(dir, 'template.yaml'), 'name: {{ .Values.name }}\n');
    writeFileSync(join(dir, 'binary.yml'), Buffer.from([0, 1, 2, 3]));
    writeFileSync(join(dir, 'big.yaml'), 'a: b\n'.repeat(50));
    const locked = join(dir, 'locked.yaml');
    writeFileSync(locked, 'a: 1');
    chmodSync(locked, 0o000);
    const r = spawnSync(process.execPath, [CLI, 'check', '.', '--format', 'sarif', '--max-file-size', '100'], { cwd: dir, encoding: 'utf8' });
    const inv = JSON.parse(r.stdout).runs[0].invocations[0];
    assert.equal(inv.executionSuccessful, true);
    const notes = new Map<string, string>(inv.toolExecutionNotifications.map((n: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }) => {
      assert.equal(n.locations[0]!.physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
      return [n.locations[0]!.physicalLocation.artifactLocation.uri, n.message.text];
    }));
    assert.match(notes.get('broken.yaml')!, /^YAML syntax error/);
    assert.match(notes.get('template.yaml')!, /^Skipped: Helm template/);
    assert.match(notes.get('binary.yml')!, /binary/);
    assert.match(notes.get('big.yaml')!, /over the 100-character limit/);
    if (process.getuid?.() !== 0) assert.match(notes.get('locked.yaml')!, /^Skipped: cannot read/);
  });
});
