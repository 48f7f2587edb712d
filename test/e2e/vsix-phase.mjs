// The VSIX phase of the e2e runner: `npm run package`, `code-server --install-extension hairpin.vsix` into
// a fresh extensions folder, then a fresh code-server with no development extension: open the example and
// see HP101 in the Problems panel. Proves that what ships (see .vscodeignore) works on its own.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { screenshot, workbenchUrl } from './browser.mjs';
import { installExtension, startCodeServer } from './code-server.mjs';
import { exampleFile, log, repoRoot, uiTimeoutMs } from './env.mjs';

const vsix = path.join(repoRoot, 'hairpin.vsix');

export async function runVsix(browser, resultFile) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hairpin-e2e-vsix-'));
  let server;
  let context;
  let page;
  let current = 'npm run package';
  try {
    const pack = spawnSync('npm', ['run', 'package', '--silent'], { cwd: repoRoot, encoding: 'utf8', timeout: 180_000 });
    if (pack.status !== 0) throw new Error(`npm run package failed (exit ${pack.status ?? pack.signal}):\n${pack.stdout}${pack.stderr}`);
    log(`vsix: packaged ${path.relative(repoRoot, vsix)} (${fs.statSync(vsix).size.toLocaleString('en-US')} bytes)`);

    current = 'code-server --install-extension hairpin.vsix';
    const out = installExtension(tmp, vsix);
    if (!/successfully installed/i.test(out)) throw new Error(`install said: ${out}`);
    const installed = fs.readdirSync(path.join(tmp, 'extensions')).filter((d) => d.startsWith('hairpin.hairpin-'));
    if (installed.length !== 1) throw new Error(`expected one hairpin.hairpin-* folder in the extensions dir, found: ${installed.join(', ') || 'none'}`);
    log(`vsix: installed as ${installed[0]}`);

    current = 'start code-server with the installed extension only';
    server = await startCodeServer(tmp, resultFile, 'e2e-code-server-vsix.log');
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(uiTimeoutMs);
    await page.goto(workbenchUrl(server.port, {}), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible' });

    current = `open ${exampleFile} and see HP101 in the Problems panel`;
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: exampleFile }).first();
    await row.waitFor({ state: 'visible' });
    await row.click();
    const problems = page.locator('[id="status.problems"]');
    await problems.waitFor({ state: 'visible' });
    await page.waitForFunction(() => {
      const el = document.getElementById('status.problems');
      const label = el?.querySelector('[aria-label]')?.getAttribute('aria-label') ?? el?.getAttribute('aria-label') ?? '';
      return /Errors?: [1-9]/.test(label);
    }, undefined, { timeout: uiTimeoutMs });
    await problems.click();
    await page.locator('.markers-panel .monaco-list-row', { hasText: /HP101/ }).first().waitFor({ state: 'visible' });
    log(`vsix: HP101 in the Problems panel; screenshot ${await screenshot(page, 'vscode-vsix-problems.png')}`);
    // No development extension was passed: the Hairpin that answered is the installed copy.
    return { ok: true };
  } catch (e) {
    const shot = page ? await screenshot(page, 'vscode-vsix-failure.png') : '(no page)';
    console.log(`VSIX FAILED at step "${current}": ${e.message.split('\n').slice(0, 8).join('\n')}\n  screenshot: ${shot}`);
    return { ok: false, error: e.message };
  } finally {
    await context?.close().catch(() => {});
    await server?.stop().catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
