#!/usr/bin/env node
// Runs Hairpin's VS Code integration suite (test/e2e/suite, bundled to out/e2e/suite) inside a real
// VS Code 1.100.3 — code-server 4.100.3 from the npm registry — driven by Debian's headless Chromium,
// then drives the workbench UI like a person (open the example, wait for the Problems panel, hover, open
// the failing handshake from its code lens, click a packet, switch a what-if).
// No VS Code or browser download: see /work/shared/TESTING.md, "Real VS Code without downloading VS Code".
//
// Needs the Debian packages in test/e2e/apt-packages.txt. code-server and playwright-core are installed
// into a cache folder outside the repository (HAIRPIN_E2E_CACHE, default ~/.cache/hairpin-e2e), once;
// a marker file makes later runs skip the install.
//
//   node test/e2e/run-code-server.mjs [--install-only] [--no-ui] [--no-suite]
//
// Environment: HAIRPIN_E2E_CACHE, HAIRPIN_E2E_CHROMIUM (default /usr/bin/chromium),
// HAIRPIN_E2E_TIMEOUT_MS (suite bound, default 300000), HAIRPIN_E2E_UI_TIMEOUT_MS (each UI wait, default 60000),
// HAIRPIN_E2E_UI=soft (report a UI failure without failing the run).
// Writes test-results/: e2e-results.json, e2e-code-server.log, vscode-problems.png, vscode-hover.png,
// vscode-handshake.png, vscode-handshake-what-if.png,
// and a *-failure.png screenshot for a failed phase. Exit code 0 only if every phase that ran passed.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CODE_SERVER_VERSION = '4.100.3';
const PLAYWRIGHT_VERSION = '1.65.1';
const NATIVE_MODULES = ['kerberos', 'node-pty', '@vscode/spdlog', 'native-watchdog', '@parcel/watcher', '@vscode/deviceid'];
// Bump when the install recipe changes, so that cached installs are redone.
const RECIPE = 1;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const workspace = path.join(repoRoot, 'examples', 'istio-gateway');
const exampleFile = 'gateway-service.yaml';
const suiteIndex = path.join(repoRoot, 'out', 'e2e', 'suite', 'index.js');
const resultsDir = path.join(repoRoot, 'test-results');
const cache = path.resolve(process.env.HAIRPIN_E2E_CACHE || path.join(os.homedir(), '.cache', 'hairpin-e2e'));
const marker = path.join(cache, '.hairpin-e2e-installed.json');
const codeServerDir = path.join(cache, 'node_modules', 'code-server');
const vscodeDir = path.join(codeServerDir, 'lib', 'vscode');
const chromiumPath = process.env.HAIRPIN_E2E_CHROMIUM || '/usr/bin/chromium';
const suiteTimeoutMs = Number(process.env.HAIRPIN_E2E_TIMEOUT_MS || 300_000);
const uiTimeoutMs = Number(process.env.HAIRPIN_E2E_UI_TIMEOUT_MS || 60_000);
const uiSoft = process.env.HAIRPIN_E2E_UI === 'soft';
const args = new Set(process.argv.slice(2));

const t0 = Date.now();
const secs = (since = t0) => `${((Date.now() - since) / 1000).toFixed(1)}s`;
const log = (msg) => console.log(`[e2e ${secs()}] ${msg}`);

// ---------------------------------------------------------------------------------------------
// Install (idempotent)

function installId() {
  return { codeServer: CODE_SERVER_VERSION, playwrightCore: PLAYWRIGHT_VERSION, nativeModules: NATIVE_MODULES, recipe: RECIPE, node: process.versions.modules };
}

function installed() {
  try {
    const m = JSON.parse(fs.readFileSync(marker, 'utf8'));
    return JSON.stringify(m.id) === JSON.stringify(installId())
      && fs.existsSync(path.join(codeServerDir, 'out', 'node', 'entry.js'))
      && fs.existsSync(path.join(vscodeDir, 'node_modules.asar'))
      && fs.existsSync(path.join(cache, 'node_modules', 'playwright-core', 'package.json'));
  } catch {
    return false;
  }
}

function checkPrerequisites() {
  const missing = [];
  if (!fs.existsSync(chromiumPath)) missing.push(`Chromium (${chromiumPath})`);
  if (!fs.existsSync('/usr/bin/rg')) missing.push('ripgrep (/usr/bin/rg)');
  if (spawnSync('pkg-config', ['--exists', 'krb5-gssapi']).status !== 0) missing.push('Kerberos headers (libkrb5-dev, pkg-config)');
  if (missing.length) {
    const list = path.relative(process.cwd(), path.join(repoRoot, 'test', 'e2e', 'apt-packages.txt'));
    throw new Error(`missing: ${missing.join(', ')}. Install as root: apt-get install -y $(cat ${list})`);
  }
}

function step(title, cmd, cmdArgs, cwd, logFile) {
  const started = Date.now();
  fs.appendFileSync(logFile, `\n$ (cd ${cwd} && ${cmd} ${cmdArgs.join(' ')})\n`);
  const fd = fs.openSync(logFile, 'a');
  const r = spawnSync(cmd, cmdArgs, {
    cwd,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
  });
  fs.closeSync(fd);
  if (r.status !== 0) {
    const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(`install step failed: ${title} (exit ${r.status ?? r.signal}); log ${logFile}:\n${tail}`);
  }
  log(`  ${title} (${secs(started)})`);
}

function install() {
  checkPrerequisites();
  if (installed()) {
    log(`code-server ${CODE_SERVER_VERSION} and playwright-core ${PLAYWRIGHT_VERSION} already installed in ${cache}`);
    return;
  }
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} and playwright-core ${PLAYWRIGHT_VERSION} into ${cache} (a few minutes, once)`);
  fs.mkdirSync(cache, { recursive: true });
  fs.rmSync(marker, { force: true });
  const pkgJson = path.join(cache, 'package.json');
  if (!fs.existsSync(pkgJson)) {
    fs.writeFileSync(pkgJson, JSON.stringify({ name: 'hairpin-e2e-cache', private: true, description: 'code-server and playwright-core for Hairpin\'s e2e tests (test/e2e/run-code-server.mjs)' }, null, 2) + '\n');
  }
  const logFile = path.join(cache, 'install.log');
  fs.writeFileSync(logFile, `install started ${new Date().toISOString()}\n`);
  const npm = 'npm';
  step('npm install code-server, playwright-core', npm,
    ['install', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`, `playwright-core@${PLAYWRIGHT_VERSION}`], cache, logFile);
  step('npm install lib/vscode production dependencies', npm, ['install', '--omit=dev', '--ignore-scripts'], vscodeDir, logFile);
  const rgDir = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  fs.mkdirSync(rgDir, { recursive: true });
  fs.copyFileSync('/usr/bin/rg', path.join(rgDir, 'rg'));
  fs.chmodSync(path.join(rgDir, 'rg'), 0o755);
  log('  copied /usr/bin/rg into @vscode/ripgrep/bin');
  step('npm rebuild native modules of lib/vscode', npm, ['rebuild', ...NATIVE_MODULES], vscodeDir, logFile);
  const asar = path.join(vscodeDir, 'node_modules.asar');
  fs.rmSync(asar, { force: true, recursive: true });
  fs.symlinkSync('node_modules', asar);
  log('  linked node_modules.asar -> node_modules');
  step('npm rebuild argon2', npm, ['rebuild', 'argon2'], cache, logFile);
  fs.writeFileSync(marker, JSON.stringify({ id: installId(), installedAt: new Date().toISOString(), seconds: (Date.now() - started) / 1000 }, null, 2) + '\n');
  log(`install done in ${secs(started)}`);
}

// ---------------------------------------------------------------------------------------------
// code-server

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Output of a child process, kept whole in a log file and searchable by waiting for a pattern. */
class Output {
  constructor(logFile) {
    this.text = '';
    this.logFile = logFile;
    this.waiters = [];
    fs.writeFileSync(logFile, '');
  }
  push(chunk) {
    const s = chunk.toString();
    this.text += s;
    fs.appendFileSync(this.logFile, s);
    for (const w of [...this.waiters]) w.check();
  }
  /** Resolves with the match of `re` in the output from `from` on, rejects after `ms`. */
  waitFor(re, ms, what, from = 0) {
    return new Promise((resolve, reject) => {
      const w = {
        check: () => {
          const m = re.exec(this.text.slice(from));
          if (m) { done(); resolve(m); }
        },
      };
      const timer = setTimeout(() => { done(); reject(new Error(`timed out after ${ms / 1000}s waiting for ${what}`)); }, ms);
      const done = () => { clearTimeout(timer); this.waiters = this.waiters.filter((x) => x !== w); };
      this.waiters.push(w);
      w.check();
    });
  }
  tail(lines = 60) {
    return this.text.split('\n').slice(-lines).join('\n');
  }
}

async function startCodeServer(tmp, resultFile) {
  const port = await freePort();
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = path.join(tmp, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  // Quiet workbench: no welcome page, tips or update checks, so the UI phase sees the example only.
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'security.workspace.trust.enabled': false,
    'editor.hover.delay': 100,
    'git.enabled': false,
  }, null, 2));
  const output = new Output(path.join(resultsDir, 'e2e-code-server.log'));
  // EXTENSIONS_GALLERY: keep code-server's extension gallery (open-vsx) on a closed loopback port, so that
  // the run makes no request off this machine.
  const env = {
    ...process.env,
    HAIRPIN_E2E_RESULT: resultFile,
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/items', resourceUrlTemplate: 'http://127.0.0.1:9/files/{publisher}/{name}/{version}/{path}' }),
  };
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k.startsWith('ELECTRON_')) delete env[k];
  const child = spawn(process.execPath, [
    path.join(codeServerDir, 'out', 'node', 'entry.js'),
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
  ], { cwd: tmp, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout.on('data', (d) => output.push(d));
  child.stderr.on('data', (d) => output.push(d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
    const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
    await exited;
    clearTimeout(timer);
  };
  const died = exited.then(({ code, signal }) => { throw new Error(`code-server exited early (code ${code}, signal ${signal})`); });
  died.catch(() => {});
  await Promise.race([output.waitFor(/HTTP server listening on/, 60_000, 'code-server to listen'), died]);
  return { port, output, stop, died };
}

// ---------------------------------------------------------------------------------------------
// Browser

async function launchChromium() {
  const require = createRequire(path.join(cache, 'package.json'));
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

function workbenchUrl(port, payload) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const pairs = Object.entries(payload).map(([k, v]) => [k, remote(v)]);
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(pairs))}`;
}

async function screenshot(page, name) {
  const file = path.join(resultsDir, name);
  try {
    await page.screenshot({ path: file, timeout: 15_000 });
    return file;
  } catch (e) {
    return `(screenshot ${name} failed: ${e.message})`;
  }
}

/** Waits for the finite CSS animations (a hover's fade-in) of the element and its ancestors to end. */
async function animationsDone(locator) {
  await locator.evaluate((el) => {
    const anims = [];
    for (let e = el; e; e = e.parentElement) anims.push(...e.getAnimations());
    const finite = anims.filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity));
    return Promise.all(finite.map((a) => a.finished.catch(() => {})));
  }, undefined, { timeout: uiTimeoutMs });
}

// ---------------------------------------------------------------------------------------------
// Phase 1: the mocha suite inside the extension host

async function runSuite(browser, server, resultFile) {
  if (!fs.existsSync(suiteIndex)) throw new Error(`${suiteIndex} is missing: run \`node scripts/build.mjs --e2e\` first`);
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const pageLog = [];
  page.on('console', (m) => pageLog.push(`[browser ${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => pageLog.push(`[browser pageerror] ${e.message}`));
  const writePageLog = () => fs.writeFileSync(path.join(resultsDir, 'e2e-browser-console.log'), pageLog.join('\n') + '\n');
  const from = server.output.text.length;
  const exitLine = server.output.waitFor(/Extension Host Process exited with code: (-?\d+|null)/, suiteTimeoutMs,
    'the extension host to run the suite and exit', from);
  const url = workbenchUrl(server.port, { extensionDevelopmentPath: repoRoot, extensionTestsPath: suiteIndex });
  log(`suite: opening ${url}`);
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const m = await Promise.race([exitLine, server.died]);
    const code = m[1];
    log(`suite: extension host exited with code ${code}`);
    let result;
    try {
      result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
    } catch {
      throw new Error(`the suite wrote no result to ${resultFile}: it did not run (extension host exit code ${code})`);
    }
    fs.writeFileSync(path.join(resultsDir, 'e2e-results.json'), JSON.stringify(result, null, 2) + '\n');
    for (const t of result.tests) console.log(`  ${t.state === 'passed' ? 'ok  ' : t.state === 'failed' ? 'FAIL' : 'skip'} ${t.fullTitle} (${t.durationMs ?? 0} ms)${t.error ? `\n       ${t.error.split('\n').join('\n       ')}` : ''}`);
    const ok = code === '0' && result.failed === 0 && result.passed > 0;
    if (!ok) {
      console.log(`suite failed (exit ${code}); screenshot: ${await screenshot(page, 'e2e-suite-failure.png')}`);
      console.log('--- browser console (last 30) ---\n' + pageLog.slice(-30).join('\n'));
    }
    return { ok, passed: result.passed, failed: result.failed + (code !== '0' && result.failed === 0 ? 1 : 0), skipped: result.pending };
  } catch (e) {
    console.log(`suite error: ${e.message}; screenshot: ${await screenshot(page, 'e2e-suite-failure.png')}`);
    console.log('--- browser console (last 30) ---\n' + pageLog.slice(-30).join('\n'));
    return { ok: false, passed: 0, failed: 1, skipped: 0, error: e.message };
  } finally {
    writePageLog();
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Phase 2: the UI, as a person uses it

async function runUi(browser, server) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(uiTimeoutMs);
  const steps = [];
  let current = '';
  const stepDone = (name) => { steps.push(name); log(`ui: ${name}`); };
  try {
    current = 'open the workbench with the extension as a development extension';
    await page.goto(workbenchUrl(server.port, { extensionDevelopmentPath: repoRoot }), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible' });
    stepDone(current);

    current = `click ${exampleFile} in the Explorer`;
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: exampleFile });
    await row.first().waitFor({ state: 'visible' });
    await row.first().click();
    const editor = page.locator('.editor-group-container .monaco-editor').first();
    await editor.locator('.view-lines', { hasText: 'istio-ingressgateway' }).waitFor({ state: 'visible' });
    stepDone(current);

    current = 'wait for the status bar to count the error and the warning';
    // The problems item's accessible name reads like "Errors: 1, Warnings: 1" (its id is status.problems).
    const problems = page.locator('[id="status.problems"]');
    await problems.waitFor({ state: 'visible' });
    await page.waitForFunction(() => {
      const el = document.getElementById('status.problems');
      const label = el?.querySelector('[aria-label]')?.getAttribute('aria-label') ?? el?.getAttribute('aria-label') ?? '';
      return /Errors?: [1-9]/.test(label) && /Warnings?: [1-9]/.test(label);
    }, undefined, { timeout: uiTimeoutMs });
    stepDone(current);

    current = 'open the Problems panel and find HP101 and HP103';
    await problems.click();
    const markers = page.locator('.markers-panel');
    await markers.waitFor({ state: 'visible' });
    await markers.locator('.monaco-list-row', { hasText: /1 in 6 connections/ }).first().waitFor({ state: 'visible' });
    await markers.locator('.monaco-list-row', { hasText: /HP101/ }).first().waitFor({ state: 'visible' });
    await markers.locator('.monaco-list-row', { hasText: /HP103/ }).first().waitFor({ state: 'visible' });
    stepDone(current);
    const problemsShot = await screenshot(page, 'vscode-problems.png');
    log(`ui: screenshot ${problemsShot}`);

    current = 'hover the target-type annotation key in the editor';
    // Point at a token span (class mtkN) of the key, not the whole line's span; the editor renders a long
    // token in several spans, so take the first one of the key.
    const line = editor.locator('.view-line', { hasText: 'aws-load-balancer-nlb-target-type' }).first();
    const key = line.locator('span[class^="mtk"]', { hasText: 'service.beta.kubernetes.io' }).first();
    await key.waitFor({ state: 'visible' });
    const box = await key.boundingBox();
    if (!box) throw new Error('annotation key has no bounding box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
    const hover = page.locator('.monaco-hover', { hasText: 'target type' }).first();
    await hover.waitFor({ state: 'visible' });
    await animationsDone(hover);
    stepDone(current);
    const hoverShot = await screenshot(page, 'vscode-hover.png');
    log(`ui: screenshot ${hoverShot}`);

    current = 'run "Hairpin: Show Failing Handshake" from the command palette and pick the NLB';
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const quickInput = page.locator('.quick-input-widget input');
    await quickInput.waitFor({ state: 'visible' });
    await quickInput.fill('>Hairpin: Show Failing Handshake');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Failing Handshake' }).first().click();
    // The cursor is on line 1, a comment outside the Service, so the command offers every NLB (lens titles).
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'show handshake' }).first().click();
    stepDone(current);

    current = 'find the diagram and its breaking point in the webview';
    // A webview is an iframe (class webview) holding the panel's document in an inner iframe (#active-frame).
    const panel = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await panel.locator('svg.hp-diagram .hp-arrow.hp-breaking').first().waitFor({ state: 'visible' });
    await panel.locator('.hp-verdict.hp-fails', { hasText: 'answers RST' }).waitFor({ state: 'visible' });
    stepDone(current);
    const handshakeShot = await screenshot(page, 'vscode-handshake.png');
    log(`ui: screenshot ${handshakeShot}`);

    current = 'click the breaking SYN-ACK for its packet, then switch on a what-if and see the diagram update';
    await panel.locator('.hp-arrow.hp-breaking.hp-flag-syn').first().click();
    await panel.locator('.hp-packet .hp-fields').waitFor({ state: 'visible' });
    await panel.locator('input[data-what-if="disable-preservation"]').click();
    await panel.locator('.hp-verdict.hp-completes').waitFor({ state: 'visible' });
    stepDone(current);
    const whatIfShot = await screenshot(page, 'vscode-handshake-what-if.png');
    log(`ui: screenshot ${whatIfShot}`);
    return { ok: true, steps };
  } catch (e) {
    const shot = await screenshot(page, 'vscode-ui-failure.png');
    console.log(`UI FAILED at step "${current}": ${e.message.split('\n')[0]}\n  screenshot: ${shot}`);
    return { ok: false, steps, failedStep: current, error: e.message };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  install();
  if (args.has('--install-only')) return 0;
  fs.mkdirSync(resultsDir, { recursive: true });
  for (const f of ['e2e-results.json', 'e2e-suite-failure.png', 'vscode-ui-failure.png', 'vscode-problems.png', 'vscode-hover.png', 'vscode-handshake.png', 'vscode-handshake-what-if.png']) {
    fs.rmSync(path.join(resultsDir, f), { force: true });
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hairpin-e2e-'));
  const resultFile = path.join(tmp, 'result.json');
  let server;
  let browser;
  let exitCode = 0;
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  const onSignal = (sig) => { log(`${sig}: stopping`); void cleanup().then(() => process.exit(130)); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    server = await startCodeServer(tmp, resultFile);
    log(`code-server ${CODE_SERVER_VERSION} listening on 127.0.0.1:${server.port}`);
    browser = await launchChromium();
    log(`Chromium ${browser.version()} started`);
    const summary = { passed: 0, failed: 0, skipped: 0 };
    if (!args.has('--no-suite')) {
      const s = await runSuite(browser, server, resultFile);
      summary.passed += s.passed; summary.failed += s.failed; summary.skipped += s.skipped;
      if (!s.ok) {
        exitCode = 1;
        console.log(`--- code-server log tail (${path.relative(repoRoot, server.output.logFile)}) ---\n${server.output.tail(60)}`);
      }
    }
    if (!args.has('--no-ui')) {
      const u = await runUi(browser, server);
      if (u.ok) summary.passed += 1;
      else if (uiSoft) { summary.skipped += 1; console.log('UI phase failed, reported only (HAIRPIN_E2E_UI=soft)'); }
      else { summary.failed += 1; exitCode = 1; }
    }
    log('done');
    // The plain closing line that CI reads: alone on its line.
    console.log(`e2e: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
  } catch (e) {
    exitCode = 1;
    console.error(`e2e error: ${e.message}`);
    if (server) console.log(`--- code-server log tail ---\n${server.output.tail(60)}`);
  } finally {
    await cleanup();
  }
  return exitCode;
}

process.exitCode = await main().catch((e) => { console.error(`e2e error: ${e.message}`); return 1; });
