#!/usr/bin/env node
// The same integration suite (out/e2e/suite/index.js) in desktop VS Code via @vscode/test-electron, for
// machines that can download VS Code (this project's CI cannot: it uses run-code-server.mjs instead).
// @vscode/test-electron is not a project dependency; install it for this run only:
//   npm run build && npm run build:e2e && npm install --no-save @vscode/test-electron && node test/e2e/run-electron.mjs
// HAIRPIN_E2E_VSCODE_VERSION picks the VS Code version (default: the engines minimum, 1.91.0).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const resultFile = path.join(repoRoot, 'test-results', 'e2e-results.json');

let runTests;
try {
  ({ runTests } = await import('@vscode/test-electron'));
} catch {
  console.error('@vscode/test-electron is not installed: npm install --no-save @vscode/test-electron');
  process.exit(2);
}

fs.rmSync(resultFile, { force: true });
try {
  await runTests({
    version: process.env.HAIRPIN_E2E_VSCODE_VERSION || '1.91.0',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'e2e', 'suite', 'index.js'),
    extensionTestsEnv: { HAIRPIN_E2E_RESULT: resultFile },
    launchArgs: [path.join(repoRoot, 'examples', 'istio-gateway'), '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (e) {
  console.error(`e2e (electron) failed: ${e.message ?? e}`);
  process.exitCode = 1;
}
try {
  const r = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  console.log(`e2e: ${r.passed} passed, ${r.failed} failed, ${r.pending} skipped`);
  if (r.failed > 0 || r.passed === 0) process.exitCode = 1;
} catch {
  console.error(`no result in ${resultFile}: the suite did not run`);
  process.exitCode = 1;
}
