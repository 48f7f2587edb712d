import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { sarifSchemaErrors } from '../helpers/sarif-schema';

/** The GitHub Action's command line (action.yml), run as the runner would run its steps, on fixture folders. */

const ROOT = join(__dirname, '..', '..');
const T = { timeout: 120_000 };

interface Step {
  name: string;
  id?: string;
  if?: string;
  run?: string;
  uses?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}
const ACTION = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }>; runs: { using: string; steps: Step[] } };

type Inputs = Partial<Record<'paths' | 'fail-on' | 'config' | 'sarif-file' | 'upload', string>>;
type Context = { inputs: Record<string, string>; steps: Record<string, Record<string, string>> };

/** `${{ inputs.x }}`, `${{ steps.s.outputs.o }}` and `${{ github.action_path }}` (the action's checkout: this repository). */
function expand(text: string, ctx: Context): string {
  return text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, ref: string) => String(lookup(ref, ctx)));
}

function lookup(ref: string, ctx: Context): string {
  if (ref === 'github.action_path') return ROOT;
  const [scope, name, , output] = ref.split('.');
  if (scope === 'inputs') return ctx.inputs[name!] ?? '';
  if (scope === 'steps') return ctx.steps[name!]?.[output!] ?? '';
  throw new Error(`action.yml uses ${ref}, which this test does not provide`);
}

/** The `if:` expressions the action uses: `&&` of always(), and ==/!= between a context value and a quoted string. */
function condition(expr: string, ctx: Context, failed: boolean): boolean {
  return expr.split('&&').every((term) => {
    const t = term.trim();
    if (t === 'always()') return true;
    const m = /^([\w.-]+)\s*(==|!=)\s*'([^']*)'$/.exec(t);
    assert.ok(m, `an if: term this test cannot evaluate: ${t}`);
    return (lookup(m[1]!, ctx) === m[3]) === (m[2] === '==');
  }) && (failed ? /always\(\)/.test(expr) : true);
}

/** Runs the action's steps in a workspace as GitHub would: `run` steps with bash -eo pipefail, later steps skipped after a failure unless their if says otherwise. */
function runAction(workspace: string, given: Inputs) {
  const inputs = Object.fromEntries(Object.entries(ACTION.inputs).map(([k, v]) => [k, given[k as keyof Inputs] ?? v.default ?? '']));
  const ctx: Context = { inputs, steps: {} };
  let failed = false;
  let checkStatus: number | null = null;
  let stderr = '';
  const uploads: string[] = [];
  for (const step of ACTION.runs.steps) {
    const runs = step.if ? condition(step.if, ctx, failed) : !failed;
    if (!runs) continue;
    if (step.uses) {
      assert.match(step.uses, /^github\/codeql-action\/upload-sarif@v\d+$/);
      uploads.push(expand(step.with!.sarif_file!, ctx));
      continue;
    }
    assert.equal(step.shell, 'bash', step.name);
    const outputFile = join(mkdtempSync(join(tmpdir(), 'hairpin-gh-')), 'output');
    writeFileSync(outputFile, '');
    const env = { ...process.env, GITHUB_OUTPUT: outputFile, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v, ctx)])) };
    const cwd = step['working-directory'] ? expand(step['working-directory'], ctx) : workspace;
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], { cwd, env, encoding: 'utf8', timeout: 60_000 });
    stderr += r.stderr;
    if (step.id) ctx.steps[step.id] = Object.fromEntries(readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    if (step.id === 'check') checkStatus = r.status;
    if (r.status !== 0) failed = true;
  }
  return { checkStatus, failed, outputs: ctx.steps.check ?? {}, uploads, stderr };
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hairpin-action-'));
  cpSync(join(ROOT, 'examples/istio-gateway'), join(dir, 'k8s'), { recursive: true });
  cpSync(join(ROOT, 'test/fixtures/terraform/plain'), join(dir, 'infra'), { recursive: true });
  cpSync(join(ROOT, 'test/fixtures/suppress'), join(dir, 'suppressed'), { recursive: true });
  cpSync(join(ROOT, 'test/fixtures/k8s/preservation-off.yaml'), join(dir, 'clean', 'svc.yaml'));
  cpSync(join(ROOT, 'test/fixtures/workspaces/overlay/.hairpin.yaml'), join(dir, 'overlay.hairpin.yaml'));
  return dir;
}

const sarifOf = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
const files = (log: { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }) =>
  new Set(log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri.split('/')[0]));

describe('the GitHub Action (action.yml) runs hairpin check and uploads SARIF', () => {
  it('is a composite action with the documented inputs, and no exit code is hidden', () => {
    assert.equal(ACTION.runs.using, 'composite');
    for (const input of ['paths', 'fail-on', 'config', 'sarif-file']) assert.ok(ACTION.inputs[input], input);
    for (const step of ACTION.runs.steps) {
      if (step.run) assert.doesNotMatch(step.run, /\|\|\s*true|set \+e/, step.name);
      // Inputs reach scripts only through env, never spliced into the script text.
      if (step.run) assert.doesNotMatch(step.run, /\$\{\{/, step.name);
    }
  });

  it('findings fail the step at the default fail-on, and the SARIF file is still written and uploaded', T, () => {
    const dir = workspace();
    const r = runAction(dir, { paths: 'k8s' });
    assert.equal(r.checkStatus, 1, r.stderr);
    assert.ok(r.failed);
    assert.equal(r.outputs['exit-code'], '1');
    assert.deepEqual(r.uploads, ['hairpin.sarif']);
    const log = sarifOf(dir, 'hairpin.sarif');
    assert.deepEqual(sarifSchemaErrors(log), []);
    assert.ok(log.runs[0].results.length >= 2);
  });

  it('the exit code follows fail-on', T, () => {
    const cases: [Inputs, number][] = [
      [{ paths: 'k8s', 'fail-on': 'none' }, 0],
      [{ paths: 'k8s', 'fail-on': 'error' }, 1],
      [{ paths: 'suppressed', 'fail-on': 'error' }, 0], // only a warning is left unsuppressed
      [{ paths: 'suppressed', 'fail-on': 'warning' }, 1],
      [{ paths: 'clean', 'fail-on': 'note' }, 0],
    ];
    for (const [inputs, code] of cases) {
      const dir = workspace();
      const r = runAction(dir, inputs);
      assert.equal(r.checkStatus, code, `${JSON.stringify(inputs)}: ${r.stderr}`);
      assert.equal(r.failed, code !== 0);
      assert.deepEqual(r.uploads, ['hairpin.sarif'], 'uploaded whether or not the step failed');
      assert.deepEqual(sarifSchemaErrors(sarifOf(dir, 'hairpin.sarif')), []);
    }
  });

  it('paths split on spaces and new lines; sarif-file names the output; upload: false only writes it', T, () => {
    const dir = workspace();
    const r = runAction(dir, { paths: 'k8s infra\nclean\n', 'fail-on': 'none', 'sarif-file': 'out.sarif', upload: 'false' });
    assert.equal(r.checkStatus, 0, r.stderr);
    assert.equal(r.outputs['sarif-file'], 'out.sarif');
    assert.deepEqual(r.uploads, []);
    assert.ok(!existsSync(join(dir, 'hairpin.sarif')));
    assert.deepEqual(files(sarifOf(dir, 'out.sarif')), new Set(['k8s', 'infra']));
  });

  it('config is passed to hairpin: an overlay CNI adds the loopback drop', T, () => {
    const dir = workspace();
    const without = runAction(dir, { paths: 'k8s', 'fail-on': 'none' });
    assert.equal(without.checkStatus, 0, without.stderr);
    const rules = (f: string) => new Set(sarifOf(dir, f).runs[0].results.map((x: { ruleId: string }) => x.ruleId));
    assert.ok(!rules('hairpin.sarif').has('HP102'));
    const withConfig = runAction(dir, { paths: 'k8s', 'fail-on': 'none', config: 'overlay.hairpin.yaml' });
    assert.equal(withConfig.checkStatus, 0, withConfig.stderr);
    assert.ok(rules('hairpin.sarif').has('HP102'));
  });

  it('a broken run (a missing path, a missing config) fails with exit 2 and uploads nothing', T, () => {
    for (const inputs of [{ paths: 'k8s no-such-folder' }, { paths: 'k8s', config: 'no-such.yaml' }] as Inputs[]) {
      const dir = workspace();
      const r = runAction(dir, inputs);
      assert.equal(r.checkStatus, 2, JSON.stringify(inputs));
      assert.equal(r.outputs['exit-code'], '2');
      assert.deepEqual(r.uploads, []);
      assert.ok(!existsSync(join(dir, 'hairpin.sarif')));
      assert.match(r.stderr, /^hairpin: /m);
    }
  });
});
