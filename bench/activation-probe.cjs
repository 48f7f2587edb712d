// One cold activation of the bundled extension (dist/client.js, or argv[2]) with a stubbed `vscode`
// module: prints {"loadMs","activateMs"} as JSON. Run by bench/activation.ts, once per fresh process.
const Module = require('node:module');
const { performance } = require('node:perf_hooks');
const path = require('node:path');

/** Anything not spelled out below: callable, constructible, every property another stub. */
const stub = new Proxy(function () {}, {
  get: (_t, p) => (p === 'then' ? undefined : p === Symbol.toPrimitive ? () => '' : stub),
  apply: () => stub,
  construct: () => stub,
});
const disposable = { dispose() {} };
const event = () => disposable;
const vscode = new Proxy(
  {
    version: '1.100.3',
    workspace: new Proxy({ textDocuments: [], onDidOpenTextDocument: event, onDidCloseTextDocument: event, getConfiguration: () => ({ get: () => undefined }) }, { get: (t, p) => (p in t ? t[p] : stub) }),
    languages: new Proxy({ getLanguages: async () => [], onDidChangeDiagnostics: event, createLanguageStatusItem: () => ({ dispose() {} }) }, { get: (t, p) => (p in t ? t[p] : stub) }),
  },
  { get: (t, p) => (p in t ? t[p] : stub) },
);
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};

const file = path.resolve(process.argv[2] || path.join(__dirname, '..', 'dist', 'client.js'));
const root = path.resolve(path.dirname(file), '..');
const context = { subscriptions: [], extensionUri: { fsPath: root, path: root, scheme: 'file' }, extensionPath: root, asAbsolutePath: (p) => path.join(root, p) };
const t0 = performance.now();
const ext = require(file);
const t1 = performance.now();
Promise.resolve(ext.activate(context)).then(() => {
  const t2 = performance.now();
  process.stdout.write(JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1, subscriptions: context.subscriptions.length }) + '\n');
});
