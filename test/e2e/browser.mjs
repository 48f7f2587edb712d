// The browser side of the e2e runner: Debian's Chromium through playwright-core (from the cache folder).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cache, chromiumPath, resultsDir, uiTimeoutMs, workspace } from './env.mjs';

// ---------------------------------------------------------------------------------------------
// Browser

export async function launchChromium() {
  const require = createRequire(path.join(cache, 'package.json'));
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export function workbenchUrl(port, payload) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const pairs = Object.entries(payload).map(([k, v]) => [k, remote(v)]);
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(pairs))}`;
}

export async function screenshot(page, name) {
  const file = path.join(resultsDir, name);
  try {
    await page.screenshot({ path: file, timeout: 15_000 });
    return file;
  } catch (e) {
    return `(screenshot ${name} failed: ${e.message})`;
  }
}

/** Waits for the finite CSS animations (a hover's fade-in) of the element and its ancestors to end. */
export async function animationsDone(locator) {
  await locator.evaluate((el) => {
    const anims = [];
    for (let e = el; e; e = e.parentElement) anims.push(...e.getAnimations());
    const finite = anims.filter((a) => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity));
    return Promise.all(finite.map((a) => a.finished.catch(() => {})));
  }, undefined, { timeout: uiTimeoutMs });
}
