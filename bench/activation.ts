// `npm run bench`, imported by run.ts: what activating the extension costs, and what the VSIX weighs.
// Each activation is cold: a fresh Node process requires dist/client.js with a stubbed `vscode` module
// (bench/activation-probe.cjs) and awaits `activate()`. The baseline is a one-command extension, so the
// ratio shows what Hairpin adds over the least any extension pays. Printed after run.ts's own tables.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { row, table, type Timing } from './measure';

const ROOT = join(__dirname, '..');
const PROBE = join(__dirname, 'activation-probe.cjs');
const RUNS = 15;

function coldActivations(file: string): Timing {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync(process.execPath, [PROBE, file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`activation probe failed: ${r.stderr}`);
    const { loadMs, activateMs } = JSON.parse(r.stdout) as { loadMs: number; activateMs: number };
    times.push(loadMs + activateMs);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(RUNS / 2)]!, p95: times[Math.min(RUNS - 1, Math.floor(RUNS * 0.95))]! };
}

function activationRows(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'hairpin-bench-'));
  try {
    const minimal = join(dir, 'dist', 'minimal.js');
    mkdirSync(join(dir, 'dist'));
    writeFileSync(minimal, "exports.activate = (c) => { c.subscriptions.push(require('vscode').commands.registerCommand('x', () => {})); };\n");
    const base = coldActivations(minimal);
    return [row('activate(): require dist/client.js + activate(), cold, stubbed vscode (server not started) vs a one-command extension', coldActivations(join(ROOT, 'dist', 'client.js')), base, 'budget: < 50 ms')];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function vsixSize(): string {
  const vsix = join(ROOT, 'hairpin.vsix');
  if (!existsSync(vsix)) return '| hairpin.vsix | not built: run `npm run package` |\n';
  return `| hairpin.vsix (production build, \`npm run package\`) | ${statSync(vsix).size.toLocaleString('en-US')} bytes |\n`;
}

let printed = false;
process.on('beforeExit', () => {
  if (printed) return;
  printed = true;
  process.stdout.write(`\n${table(activationRows())}\n| package | size |\n|---|---|\n${vsixSize()}`);
});
