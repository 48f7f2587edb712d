import type { Fraction } from './fraction';

/** "1 in 6", "2 in 9", "All", or a percentage when the fraction is not a small one. */
export function inWords(p: Fraction): string {
  if (p.isZero()) return 'none';
  if (p.num === p.den) return 'All';
  if (p.num === 1n && p.den <= 1000n) return `1 in ${p.den}`;
  if (p.den <= 100n) return `${p.num} in ${p.den}`;
  return percent(p.toNumber());
}

export function percent(x: number): string {
  if (x === 0) return '0%';
  const pct = x * 100;
  return `${pct >= 10 ? pct.toFixed(0) : pct >= 1 ? pct.toFixed(1) : pct.toPrecision(2)}%`;
}

/** One formatter for every count: `n.toLocaleString('en-US')` builds a new one on each call, which costs more than the rest of a simulation's estimate. */
const EN_US = new Intl.NumberFormat('en-US');

/** A count with thousands separators ("1,000"), as `toLocaleString('en-US')` writes it. */
export function formatCount(n: number): string {
  return EN_US.format(n);
}
