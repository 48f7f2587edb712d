// Headless Chromium (Debian's, driven by playwright-core from the e2e cache) showing the panel's real
// HTML (client/src/handshake-html.ts) with the built dist/webview.js and media/handshake.css, served from
// a made-up origin through request interception. `acquireVsCodeApi` is a stand-in that records messages.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { handshakeHtml } from '../../client/src/handshake-html';

export const ROOT = join(__dirname, '..', '..');
export const ORIGIN = 'http://hairpin.test';
export const NONCE = 'dGVzdC1ub25jZS0xMjM0NQ==';
const CACHE = process.env.HAIRPIN_E2E_CACHE || join(homedir(), '.cache', 'hairpin-e2e');
const CHROMIUM = process.env.HAIRPIN_E2E_CHROMIUM || '/usr/bin/chromium';
export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Why the browser test cannot run here, or undefined. On a developer machine that skips it; under CI
 * (CI=true) nothing is skipped: `launch()` fails with the reason, so a green CI run means it ran.
 */
export function missing(): string | undefined {
  return /^(1|true|yes)$/i.test(process.env.CI ?? '') ? undefined : missingTool();
}

function missingTool(): string | undefined {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  if (!existsSync(join(CACHE, 'node_modules', 'playwright-core'))) return `no playwright-core in ${CACHE} (node test/e2e/run-code-server.mjs --install-only)`;
  if (!existsSync(join(ROOT, 'dist', 'webview.js'))) return 'dist/webview.js is not built (npm run build)';
  return undefined;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- playwright-core is loaded untyped from the e2e cache */
export type Page = any;
export type Browser = any;

export async function launch(): Promise<Browser> {
  const why = missingTool();
  if (why) throw new Error(`the browser test cannot run: ${why}`);
  const require = createRequire(join(CACHE, 'package.json'));
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** The panel's HTML, optionally with extra markup before </body> (the CSP test's un-nonced script). */
export function panelHtml(extraBody = ''): string {
  const html = handshakeHtml({ cspSource: ORIGIN, nonce: NONCE, scriptUri: `${ORIGIN}/dist/webview.js`, styleUri: `${ORIGIN}/media/handshake.css` });
  return html.replace('</body>', `${extraBody}</body>`);
}

/** Runs in the page before any of its scripts: the VS Code API stand-in and the tripwires. */
const INIT = `
  window.__posted = [];
  window.__violations = [];
  window.alert = () => { window.__pwned = true; };
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push({ directive: e.violatedDirective, blocked: e.blockedURI }));
  // Like VS Code, the state outlives a reload of the webview (sessionStorage does here).
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => JSON.parse(sessionStorage.getItem('hairpin-test-state') ?? 'null') ?? undefined,
    setState: (s) => sessionStorage.setItem('hairpin-test-state', JSON.stringify(s)),
  });
`;

export async function openPanel(browser: Browser, extraBody = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(10_000);
  await page.addInitScript(INIT);
  await page.route(`${ORIGIN}/**`, (route: any) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/panel.html') return route.fulfill({ contentType: 'text/html', body: panelHtml(extraBody) });
    const file = { '/dist/webview.js': 'dist/webview.js', '/media/handshake.css': 'media/handshake.css' }[path];
    if (!file) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ contentType: file.endsWith('.js') ? 'text/javascript' : 'text/css', body: readFileSync(join(ROOT, file)) });
  });
  await page.goto(`${ORIGIN}/panel.html`);
  await page.waitForFunction(() => (globalThis as any).__posted.some((m: any) => m.type === 'ready'));
  return page;
}

/** Posts a message to the webview the way the extension does (`webview.postMessage`). */
export async function post(page: Page, message: unknown): Promise<void> {
  await page.evaluate((m: unknown) => (globalThis as any).postMessage(m, '*'), message);
}

export const posted = (page: Page): Promise<any[]> => page.evaluate(() => (globalThis as any).__posted);
