/**
 * The panel's controls, as plain DOM: client location, failure mode, what-if switches (each with the
 * re-simulated failure probability for the selected client), retransmissions, SVG export.
 */
import { WHAT_IF_IDS, type ClientReport, type MitigationId, type Trace, type TraceResult } from '../messages';

/** A short label per what-if; the server's title is the tooltip. */
export const WHAT_IF_LABELS: Record<MitigationId, string> = {
  'disable-preservation': 'Disable client IP preservation',
  'proxy-protocol': 'Proxy protocol v2 instead of preservation',
  'disable-cross-zone': 'Disable cross-zone load balancing',
  'local-policy': 'externalTrafficPolicy: Local',
  'ip-targets': 'Register pods as ip targets',
  'service-direct': 'Call the Service (ClusterIP) directly',
  'disable-proxy-protocol': 'Proxy protocol v2 off',
  'enable-proxy-protocol': 'Proxy protocol v2 on',
  'backend-proxy-protocol': 'Backend matches the NLB’s proxy protocol',
  'raise-listener-idle-timeout': 'Listener idle timeout above the backend’s',
  'lower-backend-idle-timeout': 'Backend idle timeout below the NLB’s',
};

export const COLLISION_MODE = 'cross-zone-collision';
/** HP105's trace: the frontend's, not a client's (its mode name, so a finding's traceRef selects it). */
export const IDLE_MODE = 'idle-timeout';

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

export const percent = (p: number): string => (p === 0 ? '0%' : p < 0.001 ? '<0.1%' : `${Number((p * 100).toFixed(p < 0.01 ? 2 : 0))}%`);
const fraction = (exact: string, p: number): string => (exact === '0' ? 'none' : `${exact} (${percent(p)})`);

export interface ModeOption {
  readonly value: string;
  readonly label: string;
  readonly trace?: Trace;
}

/** The failure modes of one client that have a trace, worst first, plus the frontend's idle-timeout and collision traces. */
export function modeOptions(result: TraceResult, client: ClientReport | undefined): ModeOption[] {
  const modes: ModeOption[] = (client?.modes ?? [])
    .filter((m) => m.trace)
    .map((m) => ({ value: m.mode, label: `${m.mode} (p=${m.probabilityExact})`, ...(m.trace ? { trace: m.trace } : {}) }));
  if (result.idle?.trace) modes.push({ value: IDLE_MODE, label: `idle timeout: pooled connection reused after ${result.idle.nlbSeconds} s (NLB) and before ${result.idle.backendSeconds} s (backend)`, trace: result.idle.trace });
  if (result.collision.trace) modes.push({ value: COLLISION_MODE, label: `tuple collision across NLB nodes (${percent(result.collision.probability)} of connections)`, trace: result.collision.trace });
  return modes;
}

export interface Controls {
  readonly element: HTMLElement;
  readonly client: HTMLSelectElement;
  readonly mode: HTMLSelectElement;
  readonly modeField: HTMLElement;
  readonly switches: HTMLElement;
  readonly exportButton: HTMLButtonElement;
}

export function createControls(): Controls {
  const element = h('div', { class: 'hp-controls', role: 'toolbar', 'aria-label': 'Handshake controls' });
  const clientField = h('label', { class: 'hp-field' }, 'Client ');
  const client = h('select', { class: 'hp-client', 'aria-label': 'Client location' });
  clientField.append(client);
  const modeField = h('label', { class: 'hp-field' }, 'Failure mode ');
  const mode = h('select', { class: 'hp-mode', 'aria-label': 'Failure mode' });
  modeField.append(mode);
  const exportButton = h('button', { class: 'hp-export', type: 'button' }, 'Export SVG');
  const switches = h('fieldset', { class: 'hp-whatifs' });
  switches.append(h('legend', {}, 'What if (re-simulated)'));
  element.append(clientField, modeField, exportButton, switches);
  return { element, client, mode, modeField, switches, exportButton };
}

export function fillClients(c: Controls, result: TraceResult, selected: string): void {
  c.client.replaceChildren(
    ...result.clients.map((x) => {
      const o = h('option', { value: x.location }, `${x.location}: ${fraction(x.failureProbabilityExact, x.failureProbability)} fail${x.mode !== 'ok' ? `, ${x.mode}` : ''}`);
      o.selected = x.location === selected;
      return o;
    }),
  );
}

export function fillModes(c: Controls, options: readonly ModeOption[], selected: string): void {
  c.mode.replaceChildren(
    ...options.map((m) => {
      const o = h('option', { value: m.value }, m.label);
      o.selected = m.value === selected;
      return o;
    }),
  );
  c.modeField.hidden = options.length < 2;
}

/** One switch per what-if: on when applied, disabled when it does not apply to this scenario. */
export function fillSwitches(c: Controls, result: TraceResult, client: string, wanted: readonly MitigationId[], busy: boolean): void {
  const legend = c.switches.querySelector('legend')!;
  const rows = WHAT_IF_IDS.map((id) => {
    const m = result.mitigations.find((x) => x.change === id);
    const applied = result.applied.includes(id);
    const on = wanted.includes(id);
    const label = h('label', { class: 'hp-switch', title: m?.title ?? WHAT_IF_LABELS[id] });
    const input = h('input', { type: 'checkbox', role: 'switch', 'data-what-if': id });
    input.checked = on;
    input.disabled = !applied && !m && !on;
    input.setAttribute('aria-checked', String(on));
    const r = m?.clients.find((x) => x.location === client);
    const effect = applied ? 'applied' : r ? `→ ${fraction(r.failureProbabilityExact, r.failureProbability)} fail, collisions ${percent(m!.collision.probability)}` : on ? '' : 'does not apply here';
    label.append(input, ` ${WHAT_IF_LABELS[id]} `, h('span', { class: 'hp-effect' }, busy && on !== applied ? 'updating…' : effect));
    return label;
  });
  c.switches.replaceChildren(legend, ...rows);
}
