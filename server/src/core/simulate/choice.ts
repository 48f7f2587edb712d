import { Fraction } from './fraction';

/** One equivalence class of a random choice: `count` interchangeable members, one of them simulated. */
export interface ChoiceClass<T> {
  readonly key: string;
  readonly count: number;
  readonly representative: T;
  readonly label: string;
}

export interface Chosen<T> {
  readonly value: T;
  readonly cls: ChoiceClass<T>;
  readonly probability: Fraction;
  readonly among: number;
}

/** Where randomness enters the packet model (DNS, NLB target choice, kube-proxy endpoint choice). */
export interface Chooser {
  choose<T>(what: string, classes: readonly ChoiceClass<T>[]): Chosen<T>;
}

/**
 * Groups options into classes by a key that captures everything the packet model can tell apart
 * (for example "is this the client's own node"). Members of a class lead to the same outcome, so one
 * representative per class is simulated and weighted by the class size. The representative is the
 * first member in the given order; results do not depend on which one it is. An item may stand for
 * `weight` interchangeable members (a node with many pods, a zone's unnamed nodes).
 */
export function classify<T>(items: Iterable<T>, key: (item: T) => string, label: (item: T, key: string) => string, weight: (item: T) => number = () => 1): ChoiceClass<T>[] {
  const groups = new Map<string, { count: number; representative: T }>();
  for (const item of items) {
    const k = key(item);
    const w = weight(item);
    if (w <= 0) continue;
    const g = groups.get(k);
    if (g) g.count += w;
    else groups.set(k, { count: w, representative: item });
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, g]) => ({ key: k, count: g.count, representative: g.representative, label: label(g.representative, k) }));
}

/**
 * Replays a run along a fixed prefix of choices and takes the first class after it, recording how
 * many classes each choice point offered; the enumerator uses this to walk every path once.
 */
export class ReplayChooser implements Chooser {
  readonly arities: number[] = [];
  /**
   * The path's probability as an unreduced product, reduced once when read: in plain numbers while the
   * products are exact (safe integers), in bigints past that.
   */
  private num = 1;
  private den = 1;
  private big: { num: bigint; den: bigint } | undefined;
  private position = 0;

  constructor(private readonly prefix: readonly number[]) {}

  choose<T>(_what: string, classes: readonly ChoiceClass<T>[]): Chosen<T> {
    if (classes.length === 0) throw new Error(`no options for ${_what}`);
    const index = this.position < this.prefix.length ? this.prefix[this.position]! : 0;
    this.arities.push(classes.length);
    this.position++;
    const cls = classes[index]!;
    let total = 0;
    for (const c of classes) total += c.count;
    const num = this.num * cls.count;
    const den = this.den * total;
    if (!this.big && num <= Number.MAX_SAFE_INTEGER && den <= Number.MAX_SAFE_INTEGER) {
      this.num = num;
      this.den = den;
    } else {
      this.big ??= { num: BigInt(this.num), den: BigInt(this.den) };
      this.big.num *= BigInt(cls.count);
      this.big.den *= BigInt(total);
    }
    return new LazyChosen(cls, total);
  }

  /** The probability of the path taken so far. */
  get probability(): Fraction {
    return this.big ? Fraction.of(this.big.num, this.big.den) : Fraction.of(this.num, this.den);
  }

  /** The choice path of this run. */
  get path(): number[] {
    return this.arities.map((_, i) => (i < this.prefix.length ? this.prefix[i]! : 0));
  }
}

/** A choice whose own probability is reduced only when read (for a recorded step): most choices of an enumeration never are. */
class LazyChosen<T> implements Chosen<T> {
  constructor(
    readonly cls: ChoiceClass<T>,
    readonly among: number,
  ) {}

  get value(): T {
    return this.cls.representative;
  }

  get probability(): Fraction {
    return Fraction.of(this.cls.count, this.among);
  }
}
