// `npm run bench`, imported by run.ts (`-- --cli-only` runs these rows alone): the engine's cost per
// distinct NLB (issue 11, kind 6; issue 9's CLI row). Workspaces come from workspace-gen.ts with n NLBs
// of distinct shapes in 2n files, so no two NLBs share a simulation by being copies.
// - `hairpin check` (built, dist/cli.js) as a cold process next to a cold process that reads the same
//   files and runs yaml.parseAllDocuments on the YAML ones (bench/raw-parse.mjs); budget: ratio <= 3.
// - growth 10 -> 1,000 -> 10,000 NLBs: the marginal cost per NLB of each step; budget: linear, i.e. the
//   1,000 -> 10,000 step costs about what the 10 -> 1,000 step did per NLB.
// - one distinct NLB's complete analysis (all clients, all what-ifs, no traces), the engine bundled as it
//   ships, in a process of its own (bench/per-nlb-probe.ts): budget <= 1 ms.
// Figures are CPU time (user + system) of the measured process: the machines these run on are shared,
// and wall time there measures the neighbours. Wall time is given alongside for the cold processes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildSync } from 'esbuild';
import { row, textRow, type Timing } from './measure';
import { generateWorkspace, type GeneratedWorkspace } from './workspace-gen';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const RAW = join(__dirname, 'raw-parse.mjs');

const PROBE = join(__dirname, 'cpu-probe.cjs');

interface ColdTiming {
  /** CPU time of the process (user + system), which other work on the machine does not stretch much. */
  readonly cpu: Timing;
  readonly wall: Timing;
}

const summary = (xs: number[]): Timing => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p95: s[s.length - 1]! };
};

/** Cold processes, `runs` times: CPU (reported by bench/cpu-probe.cjs) and wall time, median and worst. */
function cold(args: readonly string[], runs: number): ColdTiming {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['-r', PROBE, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    wall.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
    const m = /hairpin-bench-cpu-ms=([\d.]+)/.exec(r.stderr);
    if (!m) throw new Error(`no CPU figure from ${args.join(' ')}`);
    cpu.push(Number(m[1]));
  }
  return { cpu: summary(cpu), wall: summary(wall) };
}

const check = (ws: GeneratedWorkspace, runs: number) => cold([CLI, 'check', ws.root, '--fail-on', 'none', '--format', 'json'], runs);
const rawParse = (ws: GeneratedWorkspace, runs: number) => cold([RAW, ws.root], runs);

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const size = (ws: GeneratedWorkspace) => `${ws.files.toLocaleString('en-US')} files, ${(ws.bytes / 1e6).toFixed(1)} MB`;

/**
 * One distinct NLB's complete analysis, in a process of its own running the engine bundled as it ships
 * (bench/per-nlb-probe.ts): files read once, then analysed with a fresh cache each time.
 */
function perNlbInProcess(ws: GeneratedWorkspace): string {
  const probe = join(mkdtempSync(join(tmpdir(), 'hairpin-probe-')), 'per-nlb-probe.js');
  buildSync({ entryPoints: [join(__dirname, 'per-nlb-probe.ts')], outfile: probe, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  try {
    const r = spawnSync(process.execPath, [probe, ws.root, '5'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`per-nlb probe exited ${r.status}: ${r.stderr.slice(0, 500)}`);
    const { fresh, memoised } = JSON.parse(r.stdout) as { fresh: number[]; memoised: number[] };
    const per = (t: Timing): Timing => ({ median: t.median / ws.nlbs, p95: t.p95 / ws.nlbs });
    return row(
      `analysis per distinct NLB, CPU, engine bundled as shipped (all clients and what-ifs, no traces; ${ws.nlbs.toLocaleString('en-US')} NLBs) vs the same with simulations memoised`,
      per(summary(fresh)),
      per(summary(memoised)),
      'budget: <= 1 ms per NLB',
    );
  } finally {
    rmSync(dirname(probe), { recursive: true, force: true });
  }
}

export function cliColdRows(log: (line: string) => void = () => undefined): string[] {
  const rows: string[] = [];
  const load = () => `load average ${loadavg()[0]!.toFixed(1)}`;
  const sizes = [10, 1000, 10000] as const;
  const runs = { 10: 5, 1000: 3, 10000: 1 } as const;
  const results: { n: number; ours: ColdTiming; base: ColdTiming }[] = [];
  for (const n of sizes) {
    log(`cli-cold: generating ${n} distinct NLBs`);
    const ws = generateWorkspace({ files: 2 * n, nlbs: n });
    try {
      log(`cli-cold: ${n} NLBs (${size(ws)}): hairpin check and the raw parse, cold, ${runs[n]} run(s) each`);
      const base = rawParse(ws, runs[n]);
      const ours = check(ws, runs[n]);
      results.push({ n, ours, base });
      const wall = `wall ${secs(ours.wall.median)} vs ${secs(base.wall.median)} (${(ours.wall.median / base.wall.median).toFixed(2)}x)`;
      rows.push(row(`hairpin check, cold process, CPU, ${n.toLocaleString('en-US')} distinct NLBs (${size(ws)}) vs cold raw yaml parse`, ours.cpu, base.cpu, `${n === 1000 ? 'budget: ratio <= 3; ' : ''}${wall}; ${load()}`));
      if (n === 1000) rows.push(perNlbInProcess(ws));
    } finally {
      rmSync(ws.root, { recursive: true, force: true });
    }
  }
  // Growth: the marginal CPU cost per NLB of each step, which the fixed start-up cost does not blur.
  const step = (a: (typeof results)[number], b: (typeof results)[number]) => ({
    check: (b.ours.cpu.median - a.ours.cpu.median) / (b.n - a.n),
    raw: (b.base.cpu.median - a.base.cpu.median) / (b.n - a.n),
  });
  const small = step(results[0]!, results[1]!);
  const large = step(results[1]!, results[2]!);
  const perNlb = (ms: number) => `${ms.toFixed(2)} ms/NLB`;
  rows.push(
    textRow(
      'growth of hairpin check, CPU: marginal cost per NLB, 10 -> 1,000 then 1,000 -> 10,000 (raw parse alongside)',
      `${perNlb(small.check)} then ${perNlb(large.check)}`,
      `${perNlb(small.raw)} then ${perNlb(large.raw)}`,
      `${(large.check / small.check).toFixed(2)}x (raw ${(large.raw / small.raw).toFixed(2)}x)`,
      `budget: linear (ratio near 1); per NLB overall ${results.map((r) => `${r.n.toLocaleString('en-US')}: ${(r.ours.cpu.median / r.n).toFixed(2)} ms`).join(', ')}`,
    ),
  );
  return rows;
}

/** For a quick look: `node --import tsx bench/cli-cold.ts` prints the rows. */
if (require.main === module) {
  const rows = cliColdRows((l) => process.stderr.write(`${l}\n`));
  process.stdout.write(`${rows.join('\n')}\n`);
}
