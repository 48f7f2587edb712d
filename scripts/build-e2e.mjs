// Bundles the VS Code integration suite (test/e2e/suite/*.ts) to out/e2e/suite/*.js: CommonJS for the
// extension host, with `vscode` (provided by the host) and `mocha` (loaded from node_modules) external.
// Separate from scripts/build.mjs so that the shipped bundles stay as they are.
import { readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const srcDir = 'test/e2e/suite';
const outdir = 'out/e2e/suite';
const entryPoints = readdirSync(srcDir).filter((f) => f.endsWith('.ts')).map((f) => `${srcDir}/${f}`);

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints,
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
  external: ['vscode', 'mocha'],
});
