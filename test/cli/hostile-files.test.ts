import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

/** Kinds 3 and 4 through the built CLI: text that is not plain UTF-8 with LF, files that are not regular files. */

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const SEED = readFileSync(join(ROOT, 'test/fixtures/k8s/seed.yaml'), 'utf8');

interface Json {
  findings: { file: string; ruleId: string; startLine: number; startColumn: number; probabilityExact?: string }[];
  notices: { file: string; level: string; message: string; startLine?: number; startColumn?: number }[];
}

function check(dir: string, ...args: string[]): { code: number | null; json: Json; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'check', dir, '--format', 'json', '--fail-on', 'none', ...args], { encoding: 'utf8', timeout: 20_000 });
  assert.notEqual(r.signal, 'SIGTERM', 'the CLI hung');
  return { code: r.status, json: JSON.parse(r.stdout) as Json, stderr: r.stderr };
}

const folder = () => mkdtempSync(join(tmpdir(), 'hairpin-hostile-'));
const findingsOf = (j: Json, file: string) => j.findings.filter((f) => f.file.endsWith(file)).map((f) => `${f.ruleId}@${f.startLine}:${f.startColumn}`);

describe('text encodings and line breaks (kind 3)', () => {
  const utf16 = (text: string, bigEndian: boolean) => {
    const le = Buffer.from(text, 'utf16le');
    if (bigEndian) for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
    return Buffer.concat([Buffer.from(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]), le]);
  };
  const variants: [string, Buffer][] = [
    ['utf8-bom.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SEED)])],
    ['utf16le.yaml', utf16(SEED, false)],
    ['utf16be.yaml', utf16(SEED, true)],
    ['crlf.yaml', Buffer.from(SEED.replace(/\n/g, '\r\n'))],
    ['cr-only.yaml', Buffer.from(SEED.replace(/\n/g, '\r'))],
  ];

  it('a BOM (UTF-8, UTF-16 LE or BE) and CRLF or CR-only line breaks give the same findings at the same positions as plain UTF-8', () => {
    const dir = folder();
    writeFileSync(join(dir, 'plain.yaml'), SEED);
    for (const [name, bytes] of variants) writeFileSync(join(dir, name), bytes);
    const { json } = check(dir);
    const expected = findingsOf(json, 'plain.yaml');
    assert.ok(expected.length >= 2);
    for (const [name] of variants) assert.deepEqual(findingsOf(json, name), expected, name);
    assert.deepEqual(json.notices.filter((n) => /binary/.test(n.message)), []);
  });

  it('UTF-16 without a byte-order mark is not called binary: the notice says what it is and what to do', () => {
    const dir = folder();
    writeFileSync(join(dir, 'nobom.yaml'), Buffer.from(SEED, 'utf16le'));
    writeFileSync(join(dir, 'nobom-be.yaml'), utf16(SEED, true).subarray(2));
    const { json } = check(dir);
    for (const f of ['/nobom.yaml', '/nobom-be.yaml']) assert.match(json.notices.find((n) => n.file.endsWith(f))!.message, /UTF-16 text without a byte-order mark/);
  });

  it('a BOM does not shift the column of a notice on line 1', () => {
    const dir = folder();
    writeFileSync(join(dir, 'a.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a: [\n')]));
    writeFileSync(join(dir, 'b.yaml'), 'a: [\n');
    const { json } = check(dir);
    const at = (f: string) => json.notices.filter((n) => n.file.endsWith(f)).map((n) => `${n.startLine}:${n.startColumn}`);
    assert.deepEqual(at('a.yaml'), at('b.yaml'));
  });

  for (const [name, nested] of [
    ['800 levels of block maps', '\n' + Array.from({ length: 800 }, (_, i) => `${'  '.repeat(i + 2)}k${i}:`).join('\n') + ` 1`],
    ['800 levels of flow sequences', '['.repeat(800) + ']'.repeat(800)],
    ['flow sequences', '['.repeat(50_000) + ']'.repeat(50_000)],
    ['flow maps', '{a: '.repeat(20_000) + '1' + '}'.repeat(20_000)],
  ] as const) {
    it(`a value nested too deep (${name}) says so, and the file's other documents keep their findings`, () => {
      const dir = folder();
      const deep = SEED.replace('istio-ingressgateway', 'deep') + `  extra: ${nested}\n`;
      writeFileSync(join(dir, 'multi.yaml'), `${SEED}---\n${deep}---\n${SEED.replace('istio-ingressgateway', 'third')}`);
      const { json, code } = check(dir);
      assert.equal(code, 0);
      assert.ok(json.notices.some((n) => /nesting is too deep/.test(n.message)), JSON.stringify(json.notices));
      assert.ok(!json.notices.some((n) => /syntax error|call stack/i.test(n.message)));
      assert.ok(json.findings.filter((f) => f.ruleId === 'HP101').length >= 2);
    });
  }

  it('columns count UTF-16 code units: a character outside the BMP before the value counts 2', () => {
    const dir = folder();
    const annotations = '  annotations: {a: "😀😀", service.beta.kubernetes.io/aws-load-balancer-type: external, service.beta.kubernetes.io/aws-load-balancer-scheme: internl}';
    const text = SEED.replace(/ {2}annotations:\n(?: {4}.*\n)+/, `${annotations}\n`);
    writeFileSync(join(dir, 'e.yaml'), text);
    const { json } = check(dir);
    const n = json.notices.find((x) => /did you mean "internal"/.test(x.message));
    assert.ok(n, JSON.stringify(json.notices));
    assert.equal(text.split('\n')[n.startLine! - 1], annotations);
    // UTF-16: each emoji is 2 units; counted in code points the column would be 2 less.
    assert.equal(n.startColumn, annotations.indexOf('internl') + 1);
  });

  it('SARIF says its columns are UTF-16 code units, and --help says which unit the text output uses', () => {
    const r = spawnSync(process.execPath, [CLI, 'check', 'test/fixtures/k8s/seed.yaml', '--format', 'sarif', '--fail-on', 'none'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(JSON.parse(r.stdout).runs[0].columnKind, 'utf16CodeUnits');
    const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout;
    assert.match(help, /columns count UTF-16 code units/);
  });
});

describe('files that are not regular files (kind 4)', () => {
  it('a named pipe, a socket-like special file and links are never opened blindly: the CLI finishes, with a notice for each', { skip: process.platform === 'win32' }, () => {
    const outside = folder();
    writeFileSync(join(outside, 'secret.yaml'), SEED.replace('istio-ingressgateway', 'outside'));
    const dir = folder();
    writeFileSync(join(dir, 'seed.yaml'), SEED);
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'real.yaml'), SEED.replace('istio-ingressgateway', 'real'));
    symlinkSync(join(dir, 'sub', 'real.yaml'), join(dir, 'a-link-inside.yaml'));
    symlinkSync(join(dir, 'seed.yaml'), join(dir, 'z-link-to-seed.yaml'));
    symlinkSync(join(outside, 'secret.yaml'), join(dir, 'link-outside.yaml'));
    symlinkSync(join(dir, 'nowhere.yaml'), join(dir, 'dangling.yaml'));
    symlinkSync(outside, join(dir, 'linked-folder'));
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    symlinkSync(join(dir, 'pipe.yaml'), join(dir, 'link-to-pipe.yaml'));
    const { json, code } = check(dir);
    assert.equal(code, 0);
    const noticeFor = (f: string) => json.notices.find((n) => n.file.endsWith(f));
    assert.match(noticeFor('/pipe.yaml')!.message, /not a regular file \(a named pipe\)/);
    assert.match(noticeFor('link-to-pipe.yaml')!.message, /not a regular file \(a named pipe\)/);
    assert.match(noticeFor('zero.yaml')!.message, /outside the workspace/);
    assert.match(noticeFor('link-outside.yaml')!.message, /outside the workspace/);
    assert.match(noticeFor('dangling.yaml')!.message, /Skipped/);
    assert.match(noticeFor('linked-folder')!.message, /symbolic link to a folder/);
    assert.match(noticeFor('z-link-to-seed.yaml')!.message, /same file as/);
    // Inside the folder, a link to a file is followed (once: its target is read under its real path).
    assert.deepEqual(json.findings.filter((f) => f.ruleId === 'HP101').map((f) => f.file.replace(dir, '')).sort(), ['/seed.yaml', '/sub/real.yaml']);
    assert.ok(!json.findings.some((f) => /outside|secret/.test(f.file)));
  });

  it('a file named on the command line is read wherever its link points, and a pipe named there is skipped', { skip: process.platform === 'win32' }, () => {
    const dir = folder();
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    const r = spawnSync(process.execPath, [CLI, 'check', join(dir, 'pipe.yaml'), '--fail-on', 'none', '--verbose'], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /pipe\.yaml\n {2}note +Skipped: not a regular file \(a named pipe\)/);
    const cfg = spawnSync(process.execPath, [CLI, 'check', 'test/fixtures/k8s/seed.yaml', '--config', join(dir, 'pipe.yaml')], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    assert.equal(cfg.status, 2);
    assert.match(cfg.stderr, /not a regular file/);
  });
});

describe('counts from the workspace through the CLI (kind 1)', () => {
  const deployment = (replicas: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: gw, namespace: istio-system}\nspec:\n  replicas: ${replicas}\n  template:\n    metadata:\n      labels: {istio: ingressgateway}\n`;
  for (const [what, files] of [
    ['replicas: 1000000', { 'gw.yaml': `${SEED}---\n${deployment('1000000')}` }],
    ['zones: {zone-a: 100000000} in .hairpin.yaml', { 'gw.yaml': SEED, '.hairpin.yaml': 'cluster:\n  zones: {zone-a: 100000000}\n' }],
    ['an EKS node group with desired_size = 100000000', { 'gw.yaml': SEED, 'eks.tf': 'module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n  eks_managed_node_groups = {\n    big = { desired_size = 100000000 }\n  }\n}\n' }],
  ] as const) {
    it(`${what}: the run completes quickly with its findings (exit 1, not 3)`, () => {
      const dir = folder();
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      const start = Date.now();
      const r = spawnSync(process.execPath, [CLI, 'check', dir, '--format', 'json', '--fail-on', 'note'], { encoding: 'utf8', timeout: 20_000 });
      assert.ok(Date.now() - start < 10_000);
      assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
      const json = JSON.parse(r.stdout) as Json & { frontends: unknown[] };
      assert.equal(json.frontends.length, 1);
      if (what.startsWith('replicas')) assert.equal(json.findings.find((f) => f.ruleId === 'HP101')?.probabilityExact, '1/6');
    });
  }
});
