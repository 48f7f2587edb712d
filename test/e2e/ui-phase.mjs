// The UI phase of the e2e runner: the workbench driven like a person (open the example, the Problems
// panel, a hover, the failing handshake from the palette, a packet, a what-if, then the quick fix).
import path from 'node:path';
import { exampleFile, log, repoRoot, resultsDir, uiTimeoutMs } from './env.mjs';
import { animationsDone, screenshot, workbenchUrl } from './browser.mjs';

// ---------------------------------------------------------------------------------------------
// Phase 2: the UI, as a person uses it

export async function runUi(browser, server) {
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

    current = 'hide the bottom panel (Ctrl+J) and the side bar (Ctrl+B) and photograph the diagram';
    await page.keyboard.press('Control+j');
    await page.locator('.part.panel').waitFor({ state: 'hidden' });
    await page.keyboard.press('Control+b');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
    await panel.locator('svg.hp-diagram').first().scrollIntoViewIfNeeded();
    await page.locator('iframe.webview.ready').screenshot({ path: path.join(resultsDir, 'vscode-diagram.png') });
    stepDone(current);

    current = 'click the breaking SYN-ACK for its packet, then switch on a what-if and see the diagram update';
    await panel.locator('.hp-arrow.hp-breaking.hp-flag-syn').first().click();
    await panel.locator('.hp-packet .hp-fields').waitFor({ state: 'visible' });
    await panel.locator('input[data-what-if="disable-preservation"]').click();
    await panel.locator('.hp-verdict.hp-completes').waitFor({ state: 'visible' });
    stepDone(current);
    const whatIfShot = await screenshot(page, 'vscode-handshake-what-if.png');
    log(`ui: screenshot ${whatIfShot}`);


    await applyQuickFix(page, editor, (name) => { current = name; }, stepDone);
    return { ok: true, steps };
  } catch (e) {
    const shot = await screenshot(page, 'vscode-ui-failure.png');
    console.log(`UI FAILED at step "${current}": ${e.message.split('\n')[0]}\n  screenshot: ${shot}`);
    return { ok: false, steps, failedStep: current, error: e.message };
  } finally {
    await context.close();
  }
}

/**
 * The quick fix, as a person applies it: click the HP101 value, Ctrl+., look at the menu (screenshot
 * vscode-quick-fix.png), pick the preferred fix (the first, marked preferred by the server: disable client
 * IP preservation), and see the errors go. The example stays unsaved.
 */
async function applyQuickFix(page, editor, setCurrent, stepDone) {
  let current = 'close the handshake panel, click the HP101 value (instance) and open the quick fixes with Ctrl+.';
  setCurrent(current);
  await page.keyboard.press('Escape');
  // The panel beside leaves the editor narrow; a person closes it first.
  const panelTab = page.locator('.tabs-container .tab', { hasText: 'Handshake' }).first();
  await panelTab.click();
  await panelTab.locator('.codicon-close').click();
  await panelTab.waitFor({ state: 'detached' });
  const line = editor.locator('.view-line', { hasText: 'aws-load-balancer-nlb-target-type' }).first();
  await line.locator('span', { hasText: /^instance$/ }).last().click();
  await page.keyboard.press('Control+.');
  // The menu opens with its first entry focused: the server lists fixes best first, the preferred one on top.
  const preferred = page.locator('.action-widget .monaco-list-row.focused', { hasText: 'Disable client IP preservation (' });
  await preferred.waitFor({ state: 'visible' });
  await animationsDone(preferred);
  stepDone(current);
  const shot = await screenshot(page, 'vscode-quick-fix.png');
  log(`ui: screenshot ${shot}`);
  // For the README: the annotations and the menu only.
  const menuBox = await page.locator('.action-widget').boundingBox();
  const lineBox = await line.boundingBox();
  if (menuBox && lineBox) {
    const top = Math.max(0, lineBox.y - 110);
    await page.screenshot({ path: path.join(resultsDir, 'vscode-quick-fix-menu.png'), clip: { x: 48, y: top, width: 1352, height: menuBox.y + menuBox.height + 10 - top } });
  }

  current = 'pick the preferred fix (Enter) and see HP101 go';
  setCurrent(current);
  await page.keyboard.press('Enter');
  await editor.locator('.view-lines', { hasText: 'preserve_client_ip.enabled=false' }).waitFor({ state: 'visible' });
  await page.waitForFunction(() => {
    const el = document.getElementById('status.problems');
    const label = el?.querySelector('[aria-label]')?.getAttribute('aria-label') ?? el?.getAttribute('aria-label') ?? '';
    return !/Errors?: [1-9]/.test(label);
  }, undefined, { timeout: uiTimeoutMs });
  stepDone(current);
  const after = await screenshot(page, 'vscode-quick-fix-applied.png');
  log(`ui: screenshot ${after}`);
}
