// Layer 5 of TESTING.md: the handshake webview in a real browser (headless Chromium), without VS Code.
// The page is the panel's own HTML with its CSP and nonce; the trace comes from the engine, as the server
// sends it. No sleeps: every wait is for a selector, a function or an event, bounded by the page timeout.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launch, missing, NONCE, openPanel, post, posted, ROOT, type Browser, type Page } from './harness';
import { hostileResult, IMG, PARAMS, SCRIPT, sixtyPackets, traceResult } from './traces';

const RESULTS = join(ROOT, 'test-results');
/* eslint-disable @typescript-eslint/no-explicit-any -- page callbacks run in the browser */

describe('handshake webview in headless Chromium', { skip: missing() }, () => {
  let browser: Browser;
  let page: Page;

  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    browser = await launch();
    page = await openPanel(browser);
    await post(page, { type: 'trace', params: PARAMS, result: traceResult() });
    await page.waitForSelector('svg.hp-diagram .hp-arrow');
  });

  after(async () => {
    await browser?.close();
  });

  it('draws a lifeline per element: client pod, its node, the VPC fabric, the NLB node, the target node, the backend pod', async () => {
    const lifelines: string[] = await page.$$eval('.hp-lifeline', (ls: any[]) => ls.map((l) => l.getAttribute('data-element')));
    assert.deepEqual(lifelines, ['client', 'dns', 'host:n1', 'fabric', 'nlb:zone-a', 'host:n2', 'pod:gw-n2-0']);
  });

  it('draws SYN, SYN-ACK and RST arrows with flags, addresses and simulated time', async () => {
    const labels: string[] = await page.$$eval('.hp-arrow .hp-arrow-label', (ts: any[]) => ts.map((t) => t.textContent));
    assert.ok(labels.includes('SYN 10.0.1.102:40312 → 10.0.101.10:443'), labels.join('\n'));
    assert.ok(labels.some((l) => l.includes('SYN+ACK 10.0.1.1:31380 → 10.0.1.102:40312')), labels.join('\n'));
    assert.ok(labels.some((l) => l.startsWith('RST 10.0.1.102:40312 →')), labels.join('\n'));
    assert.ok((await page.$$('.hp-arrow.hp-flag-rst')).length >= 1);
    const times: string[] = await page.$$eval('.hp-arrow .hp-time', (ts: any[]) => ts.map((t) => t.textContent));
    assert.ok(times.includes('0.84 ms'), times.join(', '));
  });

  it('highlights the breaking point with a one-line cause: the reverse-NATed SYN-ACK delivered locally, then the RST', async () => {
    const cause: string = await page.textContent('.hp-cause');
    assert.equal(await page.textContent('.hp-verdict.hp-fails'), `⚠ Breaks here: ${cause.replace('⚠ breaks here: ', '')}`);
    assert.match(cause, /host:n1 reverse-NATs the SYN-ACK and delivers it locally/);
    assert.match(cause, /SYN-ACK from 10\.0\.1\.1:31380 while connecting to 10\.0\.101\.10:443, and answers RST/);
    const breaking: string[] = await page.$$eval('.hp-arrow.hp-breaking .hp-arrow-label', (ts: any[]) => ts.map((t) => t.textContent));
    assert.deepEqual(breaking.map((l) => l.split(' ')[0]), ['SYN+ACK', 'RST']);
    const notes: string[] = await page.$$eval('.hp-note.hp-breaking', (ns: any[]) => ns.map((n) => n.textContent));
    assert.ok(notes.some((n) => n.includes('un-DNAT')), notes.join('\n'));
    assert.ok(notes.some((n) => n.includes('delivered locally')), notes.join('\n'));
  });

  it('shows NAT rewrites as old → new, conntrack entries and choices with their probabilities', async () => {
    const notes: string[] = await page.$$eval('.hp-note', (ns: any[]) => ns.map((n) => n.textContent));
    assert.ok(notes.includes('host:n1: DNAT dstIp 10.0.1.1 → 10.0.1.101, dstPort 31380 → 8443'), notes.join('\n'));
    assert.ok(notes.some((n) => n.startsWith('host:n1: conntrack created 10.0.1.102:40312 → 10.0.101.10:443')));
    assert.ok(notes.some((n) => n.includes('chose n1') && n.includes('p=1/6')), notes.join('\n'));
    const olds: string[] = await page.$$eval('.hp-note .hp-seg-old', (ts: any[]) => ts.map((t) => t.textContent));
    const news: string[] = await page.$$eval('.hp-note .hp-seg-new', (ts: any[]) => ts.map((t) => t.textContent));
    assert.ok(olds.includes('31380') && news.includes('8443'), 'old and new values are told apart');
  });

  it('keeps the retransmissions to the connect timeout collapsed, and expands them on Enter', async () => {
    const retx = page.locator('.hp-retx');
    assert.equal(await retx.getAttribute('aria-expanded'), 'false');
    assert.match(await retx.textContent(), /6 retransmissions at 1 s, 3 s, 7 s, 15 s, 31 s, 63 s until 127 s/);
    const before = (await page.$$('.hp-arrow')).length;
    await retx.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.hp-retx[aria-expanded="true"]');
    assert.ok((await page.$$('.hp-arrow')).length > before * 6);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.hp-retx[aria-expanded="false"]');
  });

  it('clicking an arrow shows every header field of the packet and which element changed what', async () => {
    await page.click('.hp-arrow.hp-breaking.hp-flag-syn');
    await page.waitForSelector('.hp-packet');
    const fields: string[][] = await page.$$eval('.hp-fields tr', (rs: any[]) => rs.map((r) => [...r.children].map((c: any) => c.textContent)));
    const byName = new Map(fields.map((f) => [f[0], f]));
    for (const name of ['Flags', 'Source IP', 'Source port', 'Destination IP', 'Destination port', 'Sequence number', 'Acknowledgment number', 'PROXY protocol v2 header']) assert.ok(byName.has(name), name);
    assert.equal(byName.get('Flags')![1], 'SYN+ACK');
    assert.equal(byName.get('Source IP')![1], '10.0.1.1');
    assert.equal(byName.get('Source IP')![2], '10.0.1.101 → 10.0.1.1 by host:n1 (un-DNAT)');
    assert.equal(byName.get('Destination IP')![2], '10.0.1.1 → 10.0.1.102 by host:n1 (un-DNAT)');
    const changes: string[] = await page.$$eval('.hp-changes li', (ls: any[]) => ls.map((l) => l.textContent));
    assert.ok(changes.some((c) => c.startsWith('host:n1: un-DNAT')), changes.join('\n'));
    assert.match(await page.textContent('.hp-packet-route'), /first sent by pod:gw-n2-0/);
  });

  it('is usable from the keyboard: arrows move between packets, Enter opens one', async () => {
    await page.focus('.hp-arrow');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.hp-arrow[aria-current="true"]');
    const current: string = await page.textContent('.hp-arrow[aria-current="true"] .hp-arrow-label');
    assert.equal(current, 'SYN 10.0.1.102:40312 → 10.0.101.10:443');
    assert.match(await page.textContent('.hp-packet h2'), /^SYN 10\.0\.1\.102:40312 → 10\.0\.101\.10:443$/);
  });

  it('has the same sequence as an ordered list for screen readers', async () => {
    const items: string[] = await page.$$eval('ol.hp-sequence > li', (ls: any[]) => ls.map((l) => l.textContent));
    const rows = await page.$$eval('.hp-rows > g', (gs: any[]) => gs.length);
    assert.equal(items.length, rows + 1);
    assert.match(items[0]!, /^Breaks here: /);
    assert.ok(items.includes('0.84 ms, host:n1 to client: SYN+ACK 10.0.1.1:31380 → 10.0.1.102:40312 (breaking point)'), items.join('\n'));
    assert.match(items.at(-1)!, /connect-timeout at 127 s/);
  });

  it('toggling a what-if posts the re-request, and the new trace updates the diagram in place', async () => {
    await page.evaluate(() => ((globalThis as any).document.getElementById('hairpin-handshake').__kept = true));
    await page.click('input[data-what-if="disable-preservation"]');
    const last = (await posted(page)).at(-1);
    assert.deepEqual(last, { type: 'whatIfs', whatIfs: ['disable-preservation'], client: 'pod@n1' });
    await page.waitForSelector('.hp-root[aria-busy="true"]');
    await post(page, { type: 'trace', params: { ...PARAMS, client: 'pod@n1', whatIfs: ['disable-preservation'] }, result: traceResult(['disable-preservation'], 'pod@n1') });
    await page.waitForSelector('.hp-root:not([aria-busy])');
    assert.equal(await page.evaluate(() => (globalThis as any).document.getElementById('hairpin-handshake').__kept), true, 'the panel was rebuilt, not updated');
    assert.match(await page.textContent('.hp-summary'), /pod@n1: no connection fails/);
    assert.equal(await page.isChecked('input[data-what-if="disable-preservation"]'), true);
    assert.equal((await page.$$('.hp-breaking')).length, 0);
    assert.match(await page.textContent('.hp-verdict'), /^✓ The handshake completes/);
    await page.click('input[data-what-if="disable-preservation"]');
    assert.deepEqual((await posted(page)).at(-1), { type: 'whatIfs', whatIfs: [], client: 'pod@n1' });
    await post(page, { type: 'trace', params: PARAMS, result: traceResult() });
    await page.waitForSelector('.hp-verdict.hp-fails');
  });

  it('picks the client and the failure mode; the collision mode draws the colliding 4-tuple', async () => {
    await page.selectOption('select.hp-client', 'pod@n2');
    assert.deepEqual((await posted(page)).at(-1), { type: 'selectClient', client: 'pod@n2' });
    assert.match(await page.textContent('.hp-cause'), /SYN-ACK from 10\.0\.1\.2:31380/);
    const modes: string[] = await page.$$eval('select.hp-mode option', (os: any[]) => os.map((o) => o.value));
    assert.deepEqual(modes, ['hairpin-reset', 'ok', 'idle-timeout', 'cross-zone-collision']);
    await page.selectOption('select.hp-mode', 'ok');
    await page.waitForSelector('.hp-end-text');
    assert.match(await page.textContent('.hp-end-text'), /established/);
    await page.selectOption('select.hp-mode', 'cross-zone-collision');
    assert.match(await page.textContent('.hp-cause'), /colliding 4-tuple .* challenge ACK/);
    await page.selectOption('select.hp-mode', 'idle-timeout');
    assert.match(await page.textContent('.hp-cause'), /no longer has this connection's flow .* answers the reused connection with an RST/);
    await page.selectOption('select.hp-mode', 'hairpin-reset');
  });

  it('exports the diagram as a standalone SVG document', async () => {
    await page.click('button.hp-export');
    const m = (await posted(page)).at(-1);
    assert.equal(m.type, 'exportSvg');
    assert.match(m.svg, /^<\?xml[^>]*>\n<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(m.name, /\.svg$/);
    assert.ok(!m.svg.includes('tabindex'));
  });

  it('the file link asks the extension to open the resource that defines the NLB', async () => {
    await page.click('button.hp-source');
    assert.deepEqual((await posted(page)).at(-1), { type: 'reveal', location: traceResult().location });
  });

  it('renders names and annotation values from the files as text, and runs none of them', async () => {
    await post(page, { type: 'trace', params: PARAMS, result: hostileResult() });
    await page.waitForFunction((s: string) => (globalThis as any).document.querySelector('h1')?.textContent.includes(s), SCRIPT);
    assert.equal(await page.textContent('h1'), `istio-system/${SCRIPT}${IMG}`);
    assert.equal(await page.textContent('.hp-source'), `k8s/${IMG}.yaml:7`);
    const lifelines: string[] = await page.$$eval('.hp-lifeline title', (ts: any[]) => ts.map((t) => t.textContent));
    assert.ok(lifelines.some((t) => t.startsWith('pod:gw-n') && t.includes(SCRIPT)), lifelines.join('\n'));
    const list: string = await page.textContent('ol.hp-sequence');
    assert.ok(list.includes(`resolves nlb${IMG}.example to 10.0.101.10`), list);
    assert.equal(await page.getAttribute('input[data-what-if="disable-preservation"] >> xpath=..', 'title'), `Disable client IP preservation (preserve_client_ip.enabled=false) ${SCRIPT}`);
    assert.equal(await page.$$eval('img', (is: any[]) => is.length), 0);
    assert.equal(await page.$$eval('script', (ss: any[]) => ss.length), 1);
    assert.equal(await page.evaluate(() => (globalThis as any).__pwned), undefined);
    await page.click('button.hp-export');
    const svg: string = (await posted(page)).at(-1).svg;
    assert.ok(svg.includes('&lt;script&gt;alert(1)&lt;/script&gt;') && !svg.includes(SCRIPT), 'the exported SVG escapes names');
    await page.screenshot({ path: join(RESULTS, 'webview-hostile-names.png'), fullPage: true });
  });

  it("follows the editor theme's --vscode-* colours (a dark theme here)", async () => {
    await post(page, { type: 'trace', params: PARAMS, result: traceResult() });
    await page.waitForFunction(() => (globalThis as any).document.querySelector('h1')?.textContent === 'istio-system/istio-ingressgateway');
    await page.evaluate(() => {
      const style = (globalThis as any).document.documentElement.style;
      style.setProperty('--vscode-editor-background', '#1e1e1e');
      style.setProperty('--vscode-editor-foreground', '#d4d4d4');
      style.setProperty('--vscode-editorError-foreground', '#f14c4c');
    });
    // Anonymous callbacks only: tsx names named ones with a helper the page does not have.
    const colours = await page.evaluate((probes: [string, string][]) =>
      probes.map(([sel, prop]) => (globalThis as any).getComputedStyle((globalThis as any).document.querySelector(sel)).getPropertyValue(prop)),
      [['body', 'background-color'], ['.hp-arrow:not(.hp-breaking) .hp-arrow-label', 'fill'], ['.hp-arrow.hp-breaking .hp-arrow-line', 'stroke']],
    );
    assert.deepEqual(colours, ['rgb(30, 30, 30)', 'rgb(212, 212, 212)', 'rgb(241, 76, 76)']);
    await page.screenshot({ path: join(RESULTS, 'webview-handshake-dark.png'), fullPage: true });
    await page.evaluate(() => (globalThis as any).document.documentElement.removeAttribute('style'));
  });

  it('draws a 60-packet trace (the time is printed, not asserted)', async (t) => {
    const result = sixtyPackets();
    const client = result.clients.find((c) => c.location === result.client)!;
    assert.equal(client.trace!.hops.filter((h) => h.packet).length, 60);
    await post(page, { type: 'trace', params: PARAMS, result: traceResult() });
    await page.selectOption('select.hp-client', result.client);
    if ((await page.getAttribute('.hp-retx', 'aria-expanded')) === 'false') await page.click('.hp-retx');
    const times: number[] = [];
    const frames: number[] = [];
    for (let i = 0; i < 10; i++) {
      await post(page, { type: 'trace', params: PARAMS, result: { ...result, name: `run ${i}` } });
      await page.waitForFunction((n: string) => (globalThis as any).document.querySelector('h1')?.textContent === n, `run ${i}`);
      assert.equal((await page.$$('.hp-arrow')).length, 60);
      times.push(Number(await page.getAttribute('#hairpin-handshake', 'data-draw-ms')));
      await page.waitForSelector('#hairpin-handshake[data-frame-ms]', { state: 'attached' });
      frames.push(Number(await page.getAttribute('#hairpin-handshake', 'data-frame-ms')));
    }
    const stats = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return `min ${s[0]!.toFixed(1)} ms, median ${s[5]!.toFixed(1)} ms, max ${s[9]!.toFixed(1)} ms`;
    };
    const line =
      `draw time for a 60-packet trace, 10 runs: layout + SVG + list ${stats(times)}; until the next frame ${stats(frames)}` +
      ` (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs)`;
    t.diagnostic(line);
    await page.screenshot({ path: join(RESULTS, 'webview-handshake.png'), fullPage: true });
  });
});

describe('handshake webview: messages, reload, CSP', { skip: missing() }, () => {
  it("shows the extension's message (no NLB there any more) and keeps the diagram", async () => {
    const browser = await launch();
    try {
      const page = await openPanel(browser);
      assert.equal(await page.textContent('.hp-status'), 'Simulating the handshake…');
      await post(page, { type: 'trace', params: PARAMS, result: traceResult() });
      await page.waitForSelector('.hp-arrow');
      assert.equal(await page.textContent('.hp-status'), '');
      await post(page, { type: 'message', text: 'No Network Load Balancer is defined at that position any more.' });
      await page.waitForFunction(() => (globalThis as any).document.querySelector('.hp-status').textContent.startsWith('No Network'));
      assert.ok((await page.$$('.hp-arrow')).length > 0);
    } finally {
      await browser.close();
    }
  });

  it('keeps its state (params, expanded retransmissions, picked mode) across a reload of the webview', async () => {
    const browser = await launch();
    try {
      const page = await openPanel(browser);
      await post(page, { type: 'trace', params: PARAMS, result: traceResult() });
      await page.waitForSelector('.hp-arrow');
      await page.click('.hp-retx');
      await page.selectOption('select.hp-mode', 'cross-zone-collision');
      const state = await page.evaluate(() => (globalThis as any).acquireVsCodeApi().getState());
      assert.deepEqual(state, { params: PARAMS, expanded: true, mode: 'cross-zone-collision' });
      await page.reload();
      await page.waitForFunction(() => (globalThis as any).__posted.some((m: any) => m.type === 'ready'));
      await post(page, { type: 'trace', params: PARAMS, result: traceResult() });
      await page.waitForSelector('.hp-arrow');
      assert.equal(await page.inputValue('select.hp-mode'), 'cross-zone-collision');
      assert.match(await page.textContent('.hp-verdict'), /colliding 4-tuple/);
    } finally {
      await browser.close();
    }
  });

  it('blocks an inline script without the nonce', async () => {
    const browser = await launch();
    try {
      const page = await openPanel(browser, '<script>window.__inlineRan = true</script>');
      await page.waitForFunction(() => (globalThis as any).__violations.length > 0);
      assert.equal(await page.evaluate(() => (globalThis as any).__inlineRan), undefined);
      const violations = await page.evaluate(() => (globalThis as any).__violations);
      assert.ok(violations.some((v: any) => v.directive.startsWith('script-src') && v.blocked === 'inline'), JSON.stringify(violations));
      const csp: string = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
      assert.equal(csp, `default-src 'none'; style-src http://hairpin.test; script-src 'nonce-${NONCE}'; base-uri 'none'; form-action 'none'`);
      // The nonced bundle did run: it said it was ready.
      assert.ok((await posted(page)).some((m) => m.type === 'ready'));
    } finally {
      await browser.close();
    }
  });
});
