// Bundles the four entry points (client, server, CLI, webview). Type checking is separate (`npm run typecheck`).
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  // web-tree-sitter reads import.meta.url, which a CommonJS bundle does not have.
  // HAIRPIN_PACKAGE_LINKS: where SARIF may link rule pages (server/src/cli/sarif-rules.ts); nothing when package.json names no web address.
  define: {
    HAIRPIN_VERSION: JSON.stringify(pkg.version),
    HAIRPIN_PACKAGE_LINKS: JSON.stringify({ version: pkg.version, homepage: pkg.homepage, repository: pkg.repository }),
    'import.meta.url': '__hairpinImportMetaUrl',
  },
};
const importMetaBanner = "const __hairpinImportMetaUrl = require('node:url').pathToFileURL(__filename).href;";

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'], banner: { js: importMetaBanner } }),
  // The LSP client library, required by dist/client.js only when the server starts (client/src/language-client.ts).
  build({ ...common, entryPoints: ['client/src/language-client.ts'], outfile: 'dist/language-client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js', banner: { js: `#!/usr/bin/env node\n${importMetaBanner}` } }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: `#!/usr/bin/env node\n${importMetaBanner}` } }),
  // The handshake webview: browser code, one IIFE loaded with the panel's nonce (media/handshake.css beside it).
  build({ bundle: true, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['client/webview/main.ts'], outfile: 'dist/webview.js', sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' }),
]);

// The tree-sitter runtime and grammars load at run time from dist/grammars (see server/src/host/grammars.ts).
const grammars = [
  ['web-tree-sitter', 'web-tree-sitter.wasm'],
  ['@tree-sitter-grammars/tree-sitter-hcl', 'tree-sitter-hcl.wasm'],
  ['tree-sitter-typescript', 'tree-sitter-typescript.wasm'],
  ['tree-sitter-python', 'tree-sitter-python.wasm'],
];
mkdirSync('dist/grammars', { recursive: true });
for (const [pkg, file] of grammars) copyFileSync(`node_modules/${pkg}/${file}`, `dist/grammars/${file}`);
