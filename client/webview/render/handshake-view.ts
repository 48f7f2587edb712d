/**
 * The handshake view: a sequence diagram of a simulated TCP handshake (Wireshark's Flow Graph, one column
 * per element, time going down), with its controls, packet details and a text alternative.
 *
 * Why our own small SVG renderer and not mermaid (or another diagram library):
 * - interactivity: every arrow is a focusable element that knows its hop, so click / Enter opens the
 *   packet, and the breaking point, notes and NAT diffs are styled per row; mermaid renders a finished
 *   picture from text, with no stable handle back to the packet;
 * - live what-ifs: toggling one swaps the data and redraws in place, keeping focus, selection and scroll;
 * - speed: layout is one linear pass, drawing is DOM calls; a 60-packet trace draws in a few ms
 *   (measured by test/webview, printed, never asserted); mermaid's parse + layout costs far more;
 * - size: this is a few KB in dist/webview.js; mermaid and its dependencies are megabytes, against the
 *   VSIX budget (≤ 3 MB in total);
 * - safety: names from the user's files go in with `textContent` only, never through markup.
 *
 * No `vscode` API here: the host callbacks are the only way out, so the browser playground (ROADMAP.md)
 * can reuse this file with its own host. client/webview/main.ts is the VS Code glue.
 */
import type { ClientReport, MitigationId, Trace, TraceResult } from '../messages';
import { COLLISION_MODE, createControls, fillClients, fillModes, fillSwitches, modeOptions, percent, type Controls } from './controls';
import { layout } from './layout';
import { packetDetails } from './packet-details';
import { drawDiagram, drawStickyHeads, exportSvg } from './svg';
import { textAlternative } from './text-alternative';

export interface ViewHost {
  /** Ask for the trace again with these what-ifs, in order (the answer comes back through `show`). */
  requestWhatIfs(whatIfs: readonly MitigationId[], client: string): void;
  selectClient(client: string): void;
  exportSvg(svg: string, name: string): void;
  reveal(location: TraceResult['location']): void;
  /** The view's own state changed (mode, retransmissions expanded), for the host to persist. */
  stateChanged?(state: { readonly mode?: string; readonly expanded: boolean }): void;
}

export class HandshakeView {
  /** Milliseconds the last draw took (layout + SVG + text alternative). */
  lastDrawMs = 0;
  private readonly controls: Controls;
  private readonly title = document.createElement('h1');
  private readonly source = document.createElement('button');
  private readonly summary = document.createElement('p');
  private readonly status = document.createElement('p');
  private readonly verdict = document.createElement('p');
  private readonly canvas = document.createElement('div');
  private readonly details = document.createElement('div');
  private readonly listBox = document.createElement('details');
  private result: TraceResult | undefined;
  private client = '';
  private mode: string | undefined;
  /** The user picked the mode; otherwise each new result shows the client's worst mode. */
  private modePicked = false;
  private expanded: boolean;
  private wanted: MitigationId[] = [];
  private busy = false;
  private selectedHop: number | undefined;
  private svg: SVGSVGElement | undefined;

  constructor(private readonly root: HTMLElement, private readonly host: ViewHost, initial: { mode?: string; expanded?: boolean } = {}) {
    this.mode = initial.mode;
    this.modePicked = initial.mode !== undefined;
    this.expanded = initial.expanded ?? false;
    this.controls = createControls();
    const header = document.createElement('header');
    header.className = 'hp-header';
    this.source.className = 'hp-source';
    this.source.type = 'button';
    this.summary.className = 'hp-summary';
    this.status.className = 'hp-status';
    this.status.setAttribute('role', 'status');
    this.status.textContent = 'Simulating the handshake…';
    this.verdict.className = 'hp-verdict';
    header.append(this.title, this.source, this.summary);
    this.canvas.className = 'hp-canvas';
    this.details.className = 'hp-details';
    this.details.setAttribute('aria-live', 'polite');
    this.listBox.className = 'hp-text';
    const summary = document.createElement('summary');
    summary.textContent = 'The sequence as text';
    this.listBox.append(summary);
    const main = document.createElement('div');
    main.className = 'hp-main';
    main.append(this.canvas, this.details);
    root.replaceChildren(header, this.controls.element, this.status, this.verdict, main, this.listBox);
    this.wire();
  }

  /** A new trace (first, or after a what-if): everything updates in place. */
  show(result: TraceResult): void {
    this.result = result;
    this.busy = false;
    this.root.removeAttribute('aria-busy');
    this.wanted = [...result.applied];
    if (!result.clients.some((c) => c.location === this.client)) this.client = result.client;
    this.status.textContent = '';
    this.render();
  }

  showMessage(text: string): void {
    this.status.textContent = text;
  }

  setBusy(): void {
    this.busy = true;
    this.root.setAttribute('aria-busy', 'true');
  }

  private clientReport(): ClientReport | undefined {
    return this.result?.clients.find((c) => c.location === this.client);
  }

  private render(): void {
    const result = this.result;
    if (!result) return;
    const client = this.clientReport();
    const modes = modeOptions(result, client);
    if (!this.modePicked || !modes.some((m) => m.value === this.mode)) this.mode = client?.mode && modes.some((m) => m.value === client.mode) ? client.mode : modes[0]?.value;
    this.title.textContent = result.name;
    this.source.textContent = `${shortPath(result.file)}:${result.line}`;
    this.source.title = `Open ${result.file}:${result.line}, the resource that defines this NLB`;
    const s = result.scenario;
    const applied = result.applied.length ? `; what-ifs applied: ${result.applied.join(', ')}` : '';
    this.summary.textContent =
      `${s.targetType} targets, client IP preservation ${s.preserveClientIp ? 'on' : 'off'}, cross-zone ${s.crossZone ? 'on' : 'off'}, externalTrafficPolicy ${s.trafficPolicy}, ${s.scheme}` +
      `${s.proxyProtocolV2 ? ', proxy protocol v2' : ''}, CNI ${s.cni}${applied}. ` +
      (client ? `${client.location}: ${client.failureProbabilityExact === '0' ? 'no connection fails' : `${client.failureProbabilityExact} of connections fail (${percent(client.failureProbability)}), ${client.mode}`}.` : '');
    fillClients(this.controls, result, this.client);
    fillModes(this.controls, modes, this.mode ?? '');
    fillSwitches(this.controls, result, this.client, this.wanted, this.busy);
    this.draw(modes.find((m) => m.value === this.mode)?.trace);
  }

  private draw(trace: Trace | undefined): void {
    const start = performance.now();
    if (!trace) {
      this.svg = undefined;
      this.verdict.textContent = '';
      this.canvas.replaceChildren(Object.assign(document.createElement('p'), { textContent: this.client ? `No trace for ${this.client}.` : 'No client to trace.' }));
      this.listBox.replaceChildren(this.listBox.firstChild!);
      this.details.replaceChildren();
      return;
    }
    const d = layout(trace, { expanded: this.expanded });
    this.verdict.className = `hp-verdict ${d.breaking ? 'hp-fails' : 'hp-completes'}`;
    this.verdict.textContent = d.breaking ? `⚠ Breaks here: ${d.breaking.cause}` : `✓ The handshake completes (${trace.disposition}).`;
    const label = `${this.result?.name ?? ''}: ${this.client}, ${this.mode === COLLISION_MODE ? 'tuple collision' : this.mode}`;
    this.svg = drawDiagram(d, label);
    this.canvas.replaceChildren(drawStickyHeads(d, Number(this.svg.getAttribute('width'))), this.svg);
    this.listBox.replaceChildren(this.listBox.firstChild!, textAlternative(d));
    this.lastDrawMs = performance.now() - start;
    this.root.dataset.drawMs = this.lastDrawMs.toFixed(2);
    // Until the next frame: the browser's style, layout and paint of the new drawing as well.
    delete this.root.dataset.frameMs;
    requestAnimationFrame(() => (this.root.dataset.frameMs = (performance.now() - start).toFixed(2)));
    const keep = this.selectedHop !== undefined && trace.hops[this.selectedHop]?.packet ? this.selectedHop : undefined;
    this.select(trace, keep, false);
  }

  private currentTrace(): Trace | undefined {
    if (!this.result) return undefined;
    return modeOptions(this.result, this.clientReport()).find((m) => m.value === this.mode)?.trace;
  }

  private select(trace: Trace, hop: number | undefined, focus: boolean): void {
    this.selectedHop = hop;
    this.svg?.querySelectorAll('.hp-arrow').forEach((a) => a.setAttribute('aria-current', String(a.getAttribute('data-hop') === String(hop))));
    if (hop === undefined || !trace.hops[hop]?.packet) {
      this.details.replaceChildren(Object.assign(document.createElement('p'), { className: 'hp-hint', textContent: 'Click an arrow, or focus it and press Enter, to see the whole packet.' }));
      return;
    }
    this.details.replaceChildren(packetDetails(trace, hop));
    if (focus) (this.svg?.querySelector(`.hp-arrow[data-hop="${hop}"]`) as SVGGElement | null)?.focus();
  }

  private wire(): void {
    const c = this.controls;
    c.client.addEventListener('change', () => {
      this.client = c.client.value;
      this.modePicked = false;
      this.host.selectClient(this.client);
      this.render();
    });
    c.mode.addEventListener('change', () => {
      this.mode = c.mode.value;
      this.modePicked = true;
      this.changed();
      this.render();
    });
    c.switches.addEventListener('change', (e) => {
      const input = e.target as HTMLInputElement;
      const id = input.dataset.whatIf as MitigationId | undefined;
      if (!id || !this.result) return;
      this.wanted = input.checked ? [...this.wanted.filter((x) => x !== id), id] : this.wanted.filter((x) => x !== id);
      this.setBusy();
      fillSwitches(c, this.result, this.client, this.wanted, true);
      this.host.requestWhatIfs(this.wanted, this.client);
    });
    c.exportButton.addEventListener('click', () => {
      if (!this.svg || !this.result) return;
      const background = getComputedStyle(document.body).backgroundColor || 'white';
      this.host.exportSvg(exportSvg(this.svg, background), `${this.result.name}-${this.client}-${this.mode}.svg`.replace(/[^\w.@-]+/g, '_'));
    });
    this.source.addEventListener('click', () => this.result && this.host.reveal(this.result.location));
    this.canvas.addEventListener('click', (e) => this.activate(e.target as Element));
    this.canvas.addEventListener('keydown', (e) => this.key(e));
    this.details.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.selectedHop !== undefined) (this.svg?.querySelector(`.hp-arrow[data-hop="${this.selectedHop}"]`) as SVGGElement | null)?.focus();
    });
  }

  private activate(target: Element): void {
    const trace = this.currentTrace();
    if (!trace) return;
    const arrow = target.closest('.hp-arrow');
    if (arrow) return this.select(trace, Number(arrow.getAttribute('data-hop')), false);
    if (target.closest('.hp-retx')) {
      this.expanded = !this.expanded;
      this.changed();
      this.draw(trace);
      (this.svg?.querySelector('.hp-retx') as SVGGElement | null)?.focus();
    }
  }

  private key(e: KeyboardEvent): void {
    const target = e.target as Element;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      return this.activate(target);
    }
    const focusables = [...(this.svg?.querySelectorAll<SVGGElement>('.hp-arrow, .hp-retx') ?? [])];
    const i = focusables.indexOf(target as SVGGElement);
    const next = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? focusables.length - 1 : undefined;
    if (next === undefined || i < 0) return;
    e.preventDefault();
    focusables[Math.max(0, Math.min(focusables.length - 1, next))]?.focus();
  }

  private changed(): void {
    this.host.stateChanged?.({ ...(this.mode && this.modePicked ? { mode: this.mode } : {}), expanded: this.expanded });
  }
}

/** The last two segments of a path or file URI, decoded: `istio-gateway/gateway-service.yaml`. */
function shortPath(file: string): string {
  const path = file.replace(/^[a-z][\w+.-]*:\/\/[^/]*/i, '');
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // not URI-encoded: keep it as it is
  }
  return decoded.split('/').filter(Boolean).slice(-2).join('/');
}
