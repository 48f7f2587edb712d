import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const EXAMPLE = 'examples/istio-gateway';
const SUPPRESS = 'test/fixtures/suppress';

function hairpin(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ruleIds = (stdout: string) => (JSON.parse(stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId).sort();

describe('hairpin check --output FILE', () => {
  for (const format of ['text', 'json', 'sarif']) {
    it(`--format ${format}: the report goes to the file (its folder created), nothing to stdout, and the exit code still tells`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'hairpin-out-'));
      const file = join(dir, 'reports', 'nested', `hairpin.${format}`);
      const r = hairpin('check', EXAMPLE, '--format', format, '--output', file);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, '');
      const written = readFileSync(file, 'utf8');
      const direct = hairpin('check', EXAMPLE, '--format', format).stdout;
      if (format === 'text') assert.equal(written, direct);
      else assert.deepEqual(JSON.parse(written).version, JSON.parse(direct).version);
      assert.match(written, /HP101/);
    });
  }

  it('simulate and explain write to --output too (--output=FILE form)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-out-'));
    assert.equal(hairpin('simulate', EXAMPLE, '--format', 'json', `--output=${join(dir, 's.json')}`).code, 0);
    // One NLB: the example gateway Service's ports are a listener each.
    assert.equal(new Set(JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')).frontends.map((f: { name: string }) => f.name)).size, 1);
    const e = hairpin('explain', `${EXAMPLE}/gateway-service.yaml:11`, '--output', join(dir, 'e.txt'));
    assert.equal(e.code, 0, e.stderr);
    assert.equal(e.stdout, '');
    assert.match(readFileSync(join(dir, 'e.txt'), 'utf8'), /Failing handshake/);
  });

  it('a folder, or a file that cannot be written, is exit 2 with a message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-out-'));
    const folder = hairpin('check', EXAMPLE, '--output', dir);
    assert.equal(folder.code, 2);
    assert.match(folder.stderr, /^hairpin: --output .* is a folder; give the path of a file/);
    assert.equal(hairpin('check', EXAMPLE, '--output', '').code, 2);
    // A folder that cannot be made (its parent is a file), and, unless root, a folder without write permission.
    writeFileSync(join(dir, 'a-file'), '');
    const targets = [join(dir, 'a-file', 'out.sarif')];
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      targets.push(join(locked, 'out.sarif'));
    }
    for (const target of targets) {
      const r = hairpin('check', EXAMPLE, '--output', target, '--format', 'sarif');
      assert.equal(r.code, 2, target);
      assert.match(r.stderr, /^hairpin: cannot write --output .*out\.sarif: /);
      assert.equal(existsSync(target), false);
    }
  });
});

describe('hairpin check --rule / --skip-rule', () => {
  it('--rule keeps only the rules named, in every format, and the exit code follows', () => {
    assert.deepEqual(ruleIds(hairpin('check', EXAMPLE, '--format', 'json').stdout), ['HP101', 'HP103', 'HP105']);
    assert.deepEqual(ruleIds(hairpin('check', EXAMPLE, '--format', 'json', '--rule', 'HP101').stdout), ['HP101']);
    assert.deepEqual(ruleIds(hairpin('check', EXAMPLE, '--format', 'json', '--rule', 'hp103').stdout), ['HP103']);
    assert.deepEqual(ruleIds(hairpin('check', EXAMPLE, '--format', 'json', '--rule', 'HP102').stdout), []);
    assert.deepEqual(ruleIds(hairpin('check', EXAMPLE, '--format', 'json', '--rule', 'HP101,HP103').stdout), ['HP101', 'HP103']);
    assert.deepEqual(ruleIds(hairpin('check', EXAMPLE, '--format', 'json', '--rule', 'HP102', '--rule=HP103').stdout), ['HP103']);
    // HP103 alone is a warning: --fail-on error passes, though HP101 (an error) is in the files.
    assert.equal(hairpin('check', EXAMPLE, '--rule', 'HP103', '--fail-on', 'error').code, 0);
    assert.equal(hairpin('check', EXAMPLE, '--rule', 'HP101', '--fail-on', 'error').code, 1);
    const sarif = JSON.parse(hairpin('check', EXAMPLE, '--format', 'sarif', '--rule', 'HP103').stdout);
    assert.deepEqual(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId), ['HP103']);
    const text = hairpin('check', EXAMPLE, '--rule', 'HP103').stdout;
    assert.doesNotMatch(text, /HP101/);
    assert.match(text, /^1 finding \(0 error, 1 warning, 0 info\)/m);
  });

  it('--skip-rule drops the rules named; with --rule it narrows the selection', () => {
    assert.deepEqual(ruleIds(hairpin('check', EXAMPLE, '--format', 'json', '--skip-rule', 'HP101').stdout), ['HP103', 'HP105']);
    assert.deepEqual(ruleIds(hairpin('check', EXAMPLE, '--format', 'json', '--skip-rule', 'HP101,HP103,HP105').stdout), []);
    assert.equal(hairpin('check', EXAMPLE, '--skip-rule', 'HP101,HP103,HP105').code, 0);
    assert.deepEqual(ruleIds(hairpin('check', EXAMPLE, '--format', 'json', '--rule', 'HP101,HP103', '--skip-rule', 'HP103').stdout), ['HP101']);
  });

  it('suppression problems are rule ids too; every rule still runs, so a skipped rule leaves no unused suppression behind', () => {
    const all = JSON.parse(hairpin('check', SUPPRESS, '--format', 'json').stdout);
    assert.deepEqual(all.suppressionProblems.map((p: { ruleId: string }) => p.ruleId), ['HP001']);
    assert.equal(all.suppressed.length, 1);
    const onlyHp001 = JSON.parse(hairpin('check', SUPPRESS, '--format', 'json', '--rule', 'HP001').stdout);
    assert.deepEqual([onlyHp001.findings.length, onlyHp001.suppressionProblems.length], [0, 1]);
    const noHp001 = JSON.parse(hairpin('check', SUPPRESS, '--format', 'json', '--skip-rule', 'HP001').stdout);
    assert.deepEqual(noHp001.suppressionProblems, []);
    // The suppressed HP101 stays suppressed (not unused) when HP101 is skipped, and is not listed.
    const skipped = JSON.parse(hairpin('check', SUPPRESS, '--format', 'json', '--skip-rule', 'HP101').stdout);
    assert.deepEqual(skipped.suppressionProblems.map((p: { ruleId: string }) => p.ruleId), ['HP001']);
    assert.deepEqual(skipped.suppressed, []);
  });

  it('an unknown id is exit 2 with the list of valid ids', () => {
    for (const args of [['--rule', 'HP109'], ['--skip-rule', 'HP101,HP10'], ['--rule', 'hairpin-reset'], ['--rule', ''], ['--rule', 'HP101,']]) {
      const r = hairpin('check', EXAMPLE, ...args);
      assert.equal(r.code, 2, args.join(' '));
      // An empty id (`--rule ''`, `HP101,`) is named as such, not as "unknown rule id an empty id".
      assert.match(r.stderr, new RegExp(`^hairpin: ${args[0]}: ${args[1]!.split(',').includes('') ? 'an empty id \\(two commas, or a comma at an end\\)' : 'unknown rule id'}`), args.join(' '));
      for (const id of ['HP001 unused-suppression', 'HP002', 'HP003', 'HP101 hairpin-reset', 'HP102', 'HP103']) assert.ok(r.stderr.includes(id), `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '');
    }
  });

  it('--rule and --skip-rule belong to check: simulate and explain refuse them', () => {
    for (const args of [['simulate', EXAMPLE, '--rule', 'HP101'], ['explain', `${EXAMPLE}/gateway-service.yaml:11`, '--skip-rule', 'HP101']]) {
      const r = hairpin(...args);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /is an option of hairpin check, not of (simulate|explain); see hairpin (simulate|explain) --help/);
    }
  });
});

describe('hairpin check --verbose and skipped files', () => {
  function folder(): string {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-skip-'));
    writeFileSync(join(dir, 'seed.yaml'), readFileSync(join(ROOT, 'test/fixtures/k8s/seed.yaml')));
    writeFileSync(join(dir, 'empty.yaml'), '');
    writeFileSync(join(dir, 'template.yaml'), 'name: {{ .Values.name }}\n');
    writeFileSync(join(dir, 'binary.yml'), Buffer.from([0, 1, 2, 3]));
    writeFileSync(join(dir, 'broken.yaml'), 'a: [1,\nb: }');
    return dir;
  }

  it('without --verbose: one line counts the skipped files and points to --verbose; problems in files read are still shown', () => {
    const r = hairpin('check', folder());
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^3 files skipped; --verbose lists them with the reason\.$/m);
    assert.doesNotMatch(r.stdout, /Skipped: /);
    assert.match(r.stdout, /broken\.yaml\n {2}\d+ +problem  YAML syntax error/);
  });

  it('with --verbose: each skipped file under its own header with the reason, and each finding with its message and other fixes', () => {
    const dir = folder();
    const r = hairpin('check', dir, '--verbose');
    assert.equal(r.code, 1, r.stderr);
    for (const [file, reason] of [['empty.yaml', /Skipped: empty file/], ['template.yaml', /Skipped: Helm template/], ['binary.yml', /binary/]] as const) {
      assert.match(r.stdout, new RegExp(`^${join(dir, file).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\n {2} +note +Skipped: `, 'm'), file);
      assert.match(r.stdout, reason);
    }
    assert.match(r.stdout, /^3 files skipped \(listed above\)\.$/m);
    assert.match(r.stdout, /P\(fail\) 1\/6 \(17%\) +fix: Disable client IP preservation .*\n {6}1 in 6 connections through this NLB .*\n {6}fix 2: Register pods as ip targets/);
  });

  it('JSON and SARIF list every skipped file whatever --verbose says', () => {
    const dir = folder();
    const json = JSON.parse(hairpin('check', dir, '--format', 'json').stdout);
    assert.equal(json.notices.filter((n: { message: string }) => /Skipped/.test(n.message)).length, 3);
  });

  it('simulate counts skipped files the same way, and lists them with --verbose', () => {
    const dir = folder();
    assert.match(hairpin('simulate', dir).stdout, /^3 files skipped; --verbose lists them with the reason\.$/m);
    const verbose = hairpin('simulate', dir, '--verbose').stdout;
    assert.match(verbose, /empty\.yaml: info: Skipped: empty file/);
    assert.doesNotMatch(verbose, /files skipped/);
  });
});
