// code-server 4.100.3 (VS Code 1.100.3) from the npm registry: installed once into a cache folder, then
// started on a free loopback port with its own user-data and extensions folders.
// See /work/shared/TESTING.md, "Real VS Code without downloading VS Code".
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { cache, chromiumPath, codeServerDir, CODE_SERVER_VERSION, log, marker, NATIVE_MODULES, PLAYWRIGHT_VERSION, RECIPE, repoRoot, resultsDir, secs, vscodeDir } from './env.mjs';

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

export function install() {
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

/** Starts code-server with its folders under `tmp`; `logName` names its log in test-results/. */
export async function startCodeServer(tmp, resultFile, logName = 'e2e-code-server.log') {
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
    // No restored untitled editors from an earlier phase in the UI phase's screenshots.
    'files.hotExit': 'off',
  }, null, 2));
  const output = new Output(path.join(resultsDir, logName));
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

/**
 * `code-server --install-extension VSIX` into `tmp`'s extensions folder (the one startCodeServer(tmp) uses),
 * as a user installs a downloaded VSIX. Bounded; returns the CLI's output.
 */
export function installExtension(tmp, vsix, timeoutMs = 120_000) {
  const r = spawnSync(process.execPath, [
    path.join(codeServerDir, 'out', 'node', 'entry.js'),
    '--user-data-dir', path.join(tmp, 'user-data'), '--extensions-dir', path.join(tmp, 'extensions'),
    '--install-extension', vsix,
  ], { cwd: tmp, encoding: 'utf8', timeout: timeoutMs });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (exit ${r.status ?? r.signal}):\n${out}`);
  return out;
}
