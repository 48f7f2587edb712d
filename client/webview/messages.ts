/**
 * The messages between the handshake webview and the extension, declared once and imported by both ends
 * (client/src/handshake-panel.ts and client/webview/main.ts). Every message is a plain JSON object with a
 * `type` discriminant, so a `switch (message.type)` over either union is checked for exhaustiveness.
 *
 * The trace types come from server/src/protocol.ts by type only: the webview bundles none of the engine.
 */
import type { LspLocation, TraceParams, TraceResult } from '../../server/src/protocol';

export type { LspLocation, TraceParams, TraceResult };
export type MitigationId = NonNullable<TraceParams['whatIfs']>[number];
export type ClientReport = TraceResult['clients'][number];
export type Trace = NonNullable<ClientReport['trace']>;
export type Hop = Trace['hops'][number];
export type Step = Hop['steps'][number];
export type Packet = NonNullable<Hop['packet']>;

/** Extension -> webview. */
export type ToWebview =
  /** A trace for `params` (the what-ifs and client it was simulated with). Replaces the diagram in place. */
  | { readonly type: 'trace'; readonly params: TraceParams; readonly result: TraceResult }
  /** A request is in flight (what-ifs toggled, another NLB chosen): show it as busy, keep the diagram. */
  | { readonly type: 'loading'; readonly params: TraceParams }
  /** Nothing to draw: no NLB at that position, or the server failed. */
  | { readonly type: 'message'; readonly text: string };

/** Webview -> extension. */
export type FromWebview =
  /** The script is running and listening; the extension answers with the current trace. */
  | { readonly type: 'ready' }
  /** Re-request `hairpin/trace` with these what-ifs (in order) for this client. */
  | { readonly type: 'whatIfs'; readonly whatIfs: readonly MitigationId[]; readonly client: string }
  /** Another client location was picked (kept in the panel's params; no request needed, the result has every client). */
  | { readonly type: 'selectClient'; readonly client: string }
  /** Save the diagram, serialised as a standalone SVG document. */
  | { readonly type: 'exportSvg'; readonly svg: string; readonly name: string }
  /** Open the resource that defines the NLB. */
  | { readonly type: 'reveal'; readonly location: LspLocation };

/** What the panel keeps across reloads (webview `setState`, and the `WebviewPanelSerializer`'s state). */
export interface PanelState {
  readonly params: TraceParams;
  readonly mode?: string;
  readonly expanded?: boolean;
}

/** Every what-if the server knows (its MitigationId): a Record, so the compiler notices a new id. */
const WHAT_IFS: Record<MitigationId, true> = {
  'disable-preservation': true,
  'proxy-protocol': true,
  'disable-cross-zone': true,
  'local-policy': true,
  'ip-targets': true,
  'service-direct': true,
  'disable-proxy-protocol': true,
  'enable-proxy-protocol': true,
  'backend-proxy-protocol': true,
  'raise-listener-idle-timeout': true,
  'lower-backend-idle-timeout': true,
};
export const WHAT_IF_IDS = Object.keys(WHAT_IFS) as MitigationId[];

const TO_WEBVIEW = new Set<ToWebview['type']>(['trace', 'loading', 'message']);

/** Narrows a `postMessage` payload to a message of this protocol (by its discriminant). */
export function isToWebview(m: unknown): m is ToWebview {
  return typeof m === 'object' && m !== null && TO_WEBVIEW.has((m as { type: ToWebview['type'] }).type);
}

const isString = (x: unknown): x is string => typeof x === 'string';

/** Checks a message from the webview field by field: the extension acts on nothing else. */
export function isFromWebview(m: unknown): m is FromWebview {
  if (typeof m !== 'object' || m === null) return false;
  const x = m as Record<string, unknown>;
  switch (x.type as FromWebview['type']) {
    case 'ready':
      return true;
    case 'whatIfs':
      return Array.isArray(x.whatIfs) && x.whatIfs.every((id) => isString(id) && Object.hasOwn(WHAT_IFS, id)) && isString(x.client);
    case 'selectClient':
      return isString(x.client);
    case 'exportSvg':
      return isString(x.svg) && isString(x.name);
    case 'reveal':
      return typeof x.location === 'object' && x.location !== null && isString((x.location as { uri?: unknown }).uri);
    default:
      return false;
  }
}
