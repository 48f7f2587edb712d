// Shared settings of the e2e runner (test/e2e/run-code-server.mjs and its phases): paths, bounds, logging.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const PLAYWRIGHT_VERSION = '1.65.1';
export const NATIVE_MODULES = ['kerberos', 'node-pty', '@vscode/spdlog', 'native-watchdog', '@parcel/watcher', '@vscode/deviceid'];
// Bump when the install recipe changes, so that cached installs are redone.
export const RECIPE = 1;

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const workspace = path.join(repoRoot, 'examples', 'istio-gateway');
export const exampleFile = 'gateway-service.yaml';
export const suiteIndex = path.join(repoRoot, 'out', 'e2e', 'suite', 'index.js');
export const resultsDir = path.join(repoRoot, 'test-results');
export const cache = path.resolve(process.env.HAIRPIN_E2E_CACHE || path.join(os.homedir(), '.cache', 'hairpin-e2e'));
export const marker = path.join(cache, '.hairpin-e2e-installed.json');
export const codeServerDir = path.join(cache, 'node_modules', 'code-server');
export const vscodeDir = path.join(codeServerDir, 'lib', 'vscode');
export const chromiumPath = process.env.HAIRPIN_E2E_CHROMIUM || '/usr/bin/chromium';
export const suiteTimeoutMs = Number(process.env.HAIRPIN_E2E_TIMEOUT_MS || 300_000);
export const uiTimeoutMs = Number(process.env.HAIRPIN_E2E_UI_TIMEOUT_MS || 60_000);
export const uiSoft = process.env.HAIRPIN_E2E_UI === 'soft';

const t0 = Date.now();
export const secs = (since = t0) => `${((Date.now() - since) / 1000).toFixed(1)}s`;
export const log = (msg) => console.log(`[e2e ${secs()}] ${msg}`);
