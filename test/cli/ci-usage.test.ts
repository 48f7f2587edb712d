import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

/** Kind 7: what a user trips on when running Hairpin in CI, tried exactly as the README documents it. */

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const T = { timeout: 120_000 };

/** The `run: |` script of the README's `hairpin check` CI step, exactly as written there. */
function documentedScript(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const step = readme.match(/- name: hairpin check\n {2}run: \|\n((?: {4}.*\n)+)/);
  assert.ok(step, 'the README has a "hairpin check" CI step');
  return step[1]!.replace(/^ {4}/gm, '');
}

/** A CI workspace: `hairpin/` is the checkout (built), `k8s/` the manifests to check. */
function workspace(withManifests: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'hairpin-ci-'));
  symlinkSync(ROOT, join(dir, 'hairpin'));
  if (withManifests) {
    mkdirSync(join(dir, 'k8s'));
    cpSync(join(ROOT, 'test/fixtures/k8s/seed.yaml'), join(dir, 'k8s', 'seed.yaml'));
  }
  return dir;
}

const bash = (script: string, cwd: string) => spawnSync('bash', ['-e', '-c', script], { cwd, encoding: 'utf8', timeout: 60_000 });

describe('running Hairpin in CI as the README says (kind 7)', () => {
  it('findings (exit 1) keep the step green and leave a complete SARIF file', T, () => {
    const dir = workspace(true);
    const r = bash(documentedScript(), dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /exit 1 \(1 means findings/);
    const sarif = JSON.parse(readFileSync(join(dir, 'hairpin.sarif'), 'utf8'));
    assert.ok(sarif.runs[0].results.length >= 2);
  });

  it('a broken run (exit 2: the folder is missing) fails the step', T, () => {
    const r = bash(documentedScript(), workspace(false));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no such file or folder: k8s\//);
    assert.match(r.stderr, /hairpin could not run \(exit 2\)/);
  });

  it('the same script works from a packed tarball with npm exec', T, () => {
    const dir = workspace(true);
    const pack = spawnSync('npm', ['pack', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(pack.status, 0, pack.stderr);
    const tgz = readdirSync(dir).find((f) => /^hairpin-.*\.tgz$/.test(f))!;
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const documented = readme.match(/by `(npm exec --yes --package \.\/(hairpin-[\d.]+\.tgz) -- hairpin)`/);
    assert.ok(documented, 'the README documents the tarball command');
    assert.equal(documented[2], tgz, 'the README names the tarball npm pack writes');
    const script = documentedScript().replace('node hairpin/dist/cli.js', documented[1]!);
    assert.notEqual(script, documentedScript());
    const r = bash(script, dir);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(JSON.parse(readFileSync(join(dir, 'hairpin.sarif'), 'utf8')).runs[0].results.length >= 2);
  });

  it('exit codes 0 to 3 are in --help and in the README', () => {
    const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout;
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const code of ['0', '1', '2', '3']) {
      assert.match(help, new RegExp(`^ {2}${code} {2}`, 'm'));
      assert.match(readme, new RegExp(`^\\| ${code} \\|`, 'm'));
    }
    assert.match(help, /3 {2}internal error/);
  });

  it('--config on a missing file says what is missing and what to do', () => {
    const r = spawnSync(process.execPath, [CLI, 'check', 'test/fixtures/k8s/seed.yaml', '--config', 'no-such.yaml'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.doesNotMatch(r.stderr, /ENOENT/);
    assert.match(r.stderr, /--config no-such\.yaml: no such file\. Give the path of an existing cluster description .* or leave --config out/);
  });

  it('the size limit is told in one unit, characters', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hairpin-size-'));
    writeFileSync(join(dir, 'big.yaml'), 'a: b\n'.repeat(200));
    writeFileSync(join(dir, 'small.yaml'), 'a: bcdefgh\n');
    const r = spawnSync(process.execPath, [CLI, 'check', dir, '--max-file-size', '8', '--verbose'], { encoding: 'utf8' });
    const notes = r.stdout.split('\n').filter((l) => /Skipped/.test(l));
    assert.equal(notes.length, 2, r.stdout);
    for (const n of notes) {
      assert.match(n, /characters is over the 8-character limit/);
      assert.doesNotMatch(n, /bytes/);
    }
  });

  it('under CI=true a missing nvim fails the Neovim test instead of skipping it', T, () => {
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', '--test', 'test/lsp/neovim.test.ts'], { cwd: ROOT, encoding: 'utf8', env: { HOME: process.env.HOME ?? '', PATH: '/nonexistent', ...env }, timeout: 60_000 });
    const ci = run({ CI: 'true' });
    assert.notEqual(ci.status, 0);
    assert.match(ci.stdout, /nvim is not on PATH and CI is set/);
    const local = run({});
    assert.equal(local.status, 0);
    assert.match(local.stdout, /# skipped 1/);
  });
});
