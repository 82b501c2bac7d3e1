// Loads an extension bundle in plain Node with a stub `vscode` module, calls activate() and prints
// one JSON line: how long loading and activating took, which npm packages and files they loaded,
// and what activate() registered. The stub implements only what activate() may touch; anything
// else throws, so a new call on the activation path shows up as a failure, not a silent pass.
//   node scripts/package/activationProbe.cjs path/to/dist/extension.js
'use strict';
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const bundle = path.resolve(process.argv[2] ?? 'dist/extension.js');
const registered = { commands: [], codeLensProviders: 0, serializers: [], outputChannels: [], diagnostics: [], configListeners: 0 };
const disposable = () => ({ dispose() {} });

class EventEmitter {
  constructor() { this.listeners = new Set(); this.event = (l) => { this.listeners.add(l); return { dispose: () => this.listeners.delete(l) }; }; }
  fire(e) { for (const l of this.listeners) l(e); }
  dispose() { this.listeners.clear(); }
}
class Uri {
  constructor(scheme, fsPath) { this.scheme = scheme; this.fsPath = fsPath; this.path = fsPath; }
  static file(p) { return new Uri('file', p); }
  static joinPath(base, ...parts) { return new Uri(base.scheme, path.join(base.fsPath, ...parts)); }
  toString() { return `${this.scheme}://${this.fsPath}`; }
}

const INTEROP_KEYS = new Set(['__esModule', 'default', 'then', 'toJSON', 'constructor']);
function strict(name, impl) {
  return new Proxy(impl, {
    get(target, key) {
      // Keys that module interop and inspection probe for are not API use.
      if (key in target || typeof key === 'symbol' || INTEROP_KEYS.has(key)) return target[key];
      throw new Error(`the vscode stub has no ${name}.${String(key)}: activate() reached further than the probe knows`);
    },
  });
}

const vscode = strict('vscode', {
  EventEmitter,
  Uri,
  window: strict('window', {
    createOutputChannel: (n) => { registered.outputChannels.push(n); return { appendLine() {}, append() {}, show() {}, dispose() {} }; },
    registerWebviewPanelSerializer: (viewType) => { registered.serializers.push(viewType); return disposable(); },
  }),
  commands: strict('commands', { registerCommand: (id) => { registered.commands.push(id); return disposable(); } }),
  languages: strict('languages', {
    registerCodeLensProvider: () => { registered.codeLensProviders++; return disposable(); },
    createDiagnosticCollection: (n) => { registered.diagnostics.push(n); return { set() {}, delete() {}, clear() {}, dispose() {} }; },
  }),
  workspace: strict('workspace', {
    onDidChangeConfiguration: () => { registered.configListeners++; return disposable(); },
    getConfiguration: () => ({ get: (_k, d) => d }),
    isTrusted: true,
  }),
});

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode-stub' : resolve.call(this, request, ...rest);
};
require.cache['vscode-stub'] = { id: 'vscode-stub', filename: 'vscode-stub', loaded: true, exports: vscode };

const before = new Set(Object.keys(require.cache));
const t0 = performance.now();
const extension = require(bundle);
const t1 = performance.now();
const storage = path.join(os.tmpdir(), 'activation-probe-never-written');
const context = {
  subscriptions: [],
  extensionUri: Uri.file(path.dirname(path.dirname(bundle))),
  extensionPath: path.dirname(path.dirname(bundle)),
  storageUri: undefined,
  globalStorageUri: Uri.file(storage),
};
extension.activate(context);
const t2 = performance.now();

const loadedFiles = Object.keys(require.cache).filter((f) => !before.has(f) && f !== 'vscode-stub');
const packages = [...new Set(loadedFiles.map((f) => /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(f)?.[1]).filter(Boolean))].map((p) => p.replace(/\\/g, '/')).sort();
extension.deactivate?.();
for (const d of context.subscriptions) d.dispose?.();
process.stdout.write(`${JSON.stringify({ bundle, loadMs: t1 - t0, activateMs: t2 - t1, packages, loadedFiles, registered, subscriptions: context.subscriptions.length })}\n`);
