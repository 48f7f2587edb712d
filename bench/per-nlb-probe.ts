/**
 * One distinct NLB's complete analysis (all clients and what-ifs, no traces), measured in a process of
 * its own that runs the engine as it ships: bench/cli-cold.ts bundles this file with esbuild, as
 * dist/cli.js and dist/server.js are bundled, and runs it on a generated workspace. (Under tsx, module
 * exports are getters and every call through them costs more than in the shipped bundle.)
 *
 *   node per-nlb-probe.js ROOT RUNS  ->  prints {"fresh":[ms...],"memoised":[ms...]} (CPU per run)
 */
import { analyzeFacts } from '../server/src/core/analyze';
import { AnalysisCache } from '../server/src/core/cache/analysis-cache';
import { DEFAULT_LIMITS } from '../server/src/core/parse/guards';
import { readFile } from '../server/src/core/parse/read-file';
import { collectFiles } from '../server/src/host/collect-files';

const [root, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const facts = collectFiles([root!], DEFAULT_LIMITS.maxFileSize).files.map((f) => readFile(f, DEFAULT_LIMITS));

/** CPU time (user + system) of `fn`, `runs` times after an untimed `setup` each, after one untimed warm-up. */
function cpuTimes(setup: () => () => unknown): number[] {
  setup()();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = setup();
    const t0 = process.cpuUsage();
    run();
    const d = process.cpuUsage(t0);
    times.push((d.user + d.system) / 1000);
  }
  return times;
}

const fresh = cpuTimes(() => () => analyzeFacts(facts, { traces: false, cache: new AnalysisCache() }));
// The baseline: the same analysis with every simulation already memoised (linking, clusters, rules).
// Unbounded memos: a workspace this varied has more simulations than the default bound keeps, and an
// evicted one would be simulated again inside the baseline.
const unbounded = { simulations: Number.MAX_SAFE_INTEGER, simulationBytes: Number.MAX_SAFE_INTEGER, enumerations: Number.MAX_SAFE_INTEGER };
const warm = new AnalysisCache(unbounded);
analyzeFacts(facts, { traces: false, cache: warm });
const memoised = cpuTimes(() => {
  const cache = new AnalysisCache(unbounded);
  for (const key of warm.simulations.keys()) cache.simulations.set(key, warm.simulations.get(key)!);
  return () => analyzeFacts(facts, { traces: false, cache });
});
process.stdout.write(`${JSON.stringify({ fresh, memoised })}\n`);
