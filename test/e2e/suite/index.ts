// Entry of the VS Code integration suite: the `run()` contract of @vscode/test-electron
// (`extensionTestsPath`). The extension host loads this file (bundled to out/e2e/suite/index.js by
// `node scripts/build.mjs --e2e`), runs every out/e2e/suite/*.test.js with mocha, and exits with a
// non-zero code when `run()` rejects. The result also goes to a JSON file for the outer runner:
// $HAIRPIN_E2E_RESULT, else test-results/e2e-results.json at the repository root.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export interface E2eTestResult {
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface E2eResult {
  passed: number;
  failed: number;
  pending: number;
  tests: E2eTestResult[];
  vscodeVersion: string;
  startedAt: string;
  durationMs: number;
}

export function resultPath(): string {
  return process.env.HAIRPIN_E2E_RESULT || path.resolve(__dirname, '..', '..', '..', 'test-results', 'e2e-results.json');
}

export async function run(): Promise<void> {
  const started = Date.now();
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  const result: E2eResult = {
    passed: 0,
    failed: 0,
    pending: 0,
    tests: [],
    vscodeVersion: vscode.version,
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
  };
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (t) => {
      result.passed++;
      result.tests.push({ fullTitle: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 });
    });
    runner.on('fail', (t, err: Error) => {
      result.failed++;
      result.tests.push({ fullTitle: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: err?.stack ?? String(err) });
    });
    runner.on('pending', (t) => {
      result.pending++;
      result.tests.push({ fullTitle: t.fullTitle(), state: 'pending' });
    });
  });
  result.durationMs = Date.now() - started;

  const out = resultPath();
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');

  if (files.length === 0 || result.passed + result.failed === 0) throw new Error(`no e2e test ran (looked in ${__dirname})`);
  if (failures > 0) throw new Error(`${failures} e2e test(s) failed`);
}
