import { performance } from 'node:perf_hooks';

export interface Timing {
  readonly median: number;
  readonly p95: number;
}

/** Runs `fn` a few times to warm up, then `n` times; returns median and p95 in milliseconds. */
export function measure(fn: () => unknown, n: number): Timing {
  for (let i = 0; i < Math.min(5, n); i++) fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, p95: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))]! };
}

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(3));

export function row(name: string, ours: Timing, baseline: Timing, note = ''): string {
  return `| ${name} | ${ms(ours.median)} ms (p95 ${ms(ours.p95)}) | ${ms(baseline.median)} ms | ${(ours.median / baseline.median).toFixed(2)}x | ${note} |`;
}

export function table(rows: readonly string[]): string {
  return ['| measurement | hairpin | baseline | ratio | note |', '|---|---|---|---|---|', ...rows].join('\n') + '\n';
}

/** A row whose figures are already text (bytes, MB, several percentiles), in the same table. */
export function textRow(name: string, ours: string, baseline: string, ratio: string, note = ''): string {
  return `| ${name} | ${ours} | ${baseline} | ${ratio} | ${note} |`;
}
