/**
 * The VS Code glue of the handshake webview, and nothing else: it turns the extension's messages into
 * calls on the renderer (render/handshake-view.ts) and the renderer's callbacks into messages, and keeps
 * the small view state with `setState` so the panel survives a reload. A browser playground would
 * replace this file with its own host.
 */
import { isToWebview, type FromWebview, type PanelState, type TraceParams } from './messages';
import { HandshakeView } from './render/handshake-view';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let state: PanelState | undefined = vscode.getState();
const save = (change: Partial<PanelState> & { params?: TraceParams }) => {
  const params = change.params ?? state?.params;
  if (!params) return;
  state = { ...state, ...change, params };
  vscode.setState(state);
};

const view = new HandshakeView(document.getElementById('hairpin-handshake')!, {
  requestWhatIfs: (whatIfs, client) => vscode.postMessage({ type: 'whatIfs', whatIfs, client }),
  selectClient: (client) => {
    if (state) save({ params: { ...state.params, client } });
    vscode.postMessage({ type: 'selectClient', client });
  },
  exportSvg: (svg, name) => vscode.postMessage({ type: 'exportSvg', svg, name }),
  reveal: (location) => vscode.postMessage({ type: 'reveal', location }),
  stateChanged: (s) => save(s),
}, { ...(state?.mode ? { mode: state.mode } : {}), ...(state?.expanded ? { expanded: true } : {}) });

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isToWebview(message)) return;
  switch (message.type) {
    case 'trace':
      save({ params: message.params });
      view.show(message.result);
      break;
    case 'loading':
      save({ params: message.params });
      view.setBusy();
      break;
    case 'message':
      view.showMessage(message.text);
      break;
  }
});

vscode.postMessage({ type: 'ready' });
