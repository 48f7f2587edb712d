import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

/**
 * The pre-commit hook (.pre-commit-hooks.yaml) run by Debian's pre-commit through `try-repo`, with
 * `hairpin` installed as docs/ci.md says: `npm pack` in the built checkout, then `npm install -g` of the
 * tarball (it has no dependencies, so this needs no registry).
 */

const ROOT = join(__dirname, '..', '..');
const inCi = /^(1|true|yes)$/i.test(process.env.CI ?? '');
const INSTALL = "install Debian's pre-commit: apt-get install -y pre-commit";
const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;

interface Hook {
  id: string;
  entry: string;
  language: string;
  args?: string[];
  pass_filenames?: boolean;
  files: string;
}

/** A `hairpin` on PATH, installed from the packed checkout into its own prefix. */
function installHairpin(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hairpin-pc-install-'));
  const pack = spawnSync('npm', ['pack', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(pack.status, 0, pack.stderr);
  const tgz = readdirSync(dir).find((f) => /^hairpin-.*\.tgz$/.test(f))!;
  const install = spawnSync('npm', ['install', '-g', '--prefix', join(dir, 'prefix'), '--offline', '--no-audit', '--no-fund', join(dir, tgz)], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(install.status, 0, install.stderr);
  return join(dir, 'prefix', 'bin');
}

/** A git repository holding the given files (added, not committed: pre-commit reads `git ls-files`). */
function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hairpin-pc-repo-'));
  const git = (...args: string[]) => assert.equal(spawnSync('git', args, { cwd: dir, encoding: 'utf8' }).status, 0, `git ${args.join(' ')}`);
  git('init', '-q');
  for (const [to, from] of Object.entries(files)) {
    mkdirSync(join(dir, to, '..'), { recursive: true });
    if (from.startsWith('text:')) writeFileSync(join(dir, to), from.slice(5));
    else cpSync(join(ROOT, from), join(dir, to));
  }
  git('add', '.');
  return dir;
}

interface Run {
  code: number | null;
  out: string;
}

/** `pre-commit try-repo <this checkout> hairpin --all-files` in `dir`, with its own cache. */
function tryRepo(dir: string, bin: string | undefined): Promise<Run> {
  const who = { GIT_AUTHOR_NAME: 'hairpin test', GIT_AUTHOR_EMAIL: 'test@hairpin.invalid', GIT_COMMITTER_NAME: 'hairpin test', GIT_COMMITTER_EMAIL: 'test@hairpin.invalid' };
  const env = { ...process.env, ...who, PRE_COMMIT_HOME: mkdtempSync(join(tmpdir(), 'hairpin-pc-home-')), PATH: [bin, process.env.PATH].filter(Boolean).join(delimiter), NO_COLOR: '1' };
  return new Promise((resolve) => {
    execFile('pre-commit', ['try-repo', ROOT, 'hairpin', '--all-files', '--color', 'never'], { cwd: dir, env, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, out: stdout + stderr });
    });
  });
}

describe('the pre-commit hook', () => {
  it('is one `hairpin` hook that checks the repository, not only the staged files', () => {
    const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
    assert.deepEqual(hooks.map((h) => h.id), ['hairpin']);
    const [hook] = hooks;
    assert.equal(hook!.entry, 'hairpin check');
    assert.equal(hook!.language, 'system');
    assert.equal(hook!.pass_filenames, false);
    const files = new RegExp(hook!.files);
    for (const f of ['k8s/svc.yaml', 'a.yml', 'main.tf', 'prod.tfvars', 'template.json', 'lib/stack.ts', 'app/stack.py', '.hairpin.yaml']) assert.match(f, files);
    for (const f of ['README.md', 'go.mod', 'image.png']) assert.doesNotMatch(f, files);
  });

  it(
    'through pre-commit try-repo: a failing setup fails the commit, a good one passes, unrelated files skip it',
    { skip: preCommit || inCi ? false : `pre-commit is not on PATH (${INSTALL})`, timeout: 300_000 },
    async () => {
      assert.ok(preCommit, `pre-commit is not on PATH and CI is set, so this is a failure, not a skip (${INSTALL})`);
      const bin = installHairpin();
      const [failing, failingTf, passing, unrelated, missingTool] = await Promise.all([
        tryRepo(repo({ 'k8s/gateway.yaml': 'examples/istio-gateway/gateway-service.yaml', 'k8s/ok.yaml': 'test/fixtures/k8s/preservation-off.yaml' }), bin),
        tryRepo(repo({ 'infra/main.tf': 'test/fixtures/terraform/plain/main.tf', 'infra/variables.tf': 'test/fixtures/terraform/plain/variables.tf', 'infra/terraform.tfvars': 'test/fixtures/terraform/plain/terraform.tfvars' }), bin),
        tryRepo(repo({ 'k8s/ok.yaml': 'test/fixtures/k8s/preservation-off.yaml', 'k8s/broken.yaml': 'test/fixtures/k8s/broken.yaml' }), bin),
        tryRepo(repo({ 'README.md': 'text:# notes\n' }), bin),
        tryRepo(repo({ 'k8s/gateway.yaml': 'examples/istio-gateway/gateway-service.yaml' }), undefined),
      ]);
      assert.equal(failing.code, 1, failing.out);
      assert.match(failing.out, /hairpin check \(AWS NLB connection failures\)\.+Failed/);
      assert.match(failing.out, /^k8s\/gateway\.yaml\n(?: .*\n)*?\s+11:67\s+error\s+HP101 hairpin-reset/m);
      assert.doesNotMatch(failing.out, /^k8s\/ok\.yaml$/m);
      assert.equal(failingTf.code, 1, failingTf.out);
      assert.match(failingTf.out, /^infra\/main\.tf\n\s+\d+:\d+\s+error\s+HP101 hairpin-reset/m);
      assert.match(failingTf.out, /^infra\/terraform\.tfvars\n\s+\d+:\d+\s+warning\s+HP103/m, 'the tfvars value joined to the listener in main.tf');
      assert.equal(passing.code, 0, passing.out);
      assert.match(passing.out, /hairpin check \(AWS NLB connection failures\)\.+Passed/);
      assert.equal(unrelated.code, 0, unrelated.out);
      assert.match(unrelated.out, /\(no files to check\)Skipped/);
      // Without hairpin installed the hook fails and says what is missing.
      assert.equal(missingTool.code, 1, missingTool.out);
      assert.match(missingTool.out, /Executable `hairpin` not found/);
    },
  );
});
