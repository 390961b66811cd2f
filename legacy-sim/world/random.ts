import { dayToIso, isoToDay } from './dates';

// Math is bound once per module: global lookups are slow inside jest's vm sandbox, and these run millions of times.
const { floor, imul } = Math;

/**
 * A small seeded PRNG (sfc32, seeded through splitmix32) so that the synthetic world is the same
 * on every machine and every run: nothing in ./world may call Math.random or read the clock.
 * sfc32 is fast (a few integer ops per draw, which matters at 1.4 million residents), passes
 * PractRand, and its state is four 32-bit words, so results do not depend on float quirks.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // splitmix32 spreads any integer seed (even 0 or 1) over the whole state.
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = imul(z ^ (z >>> 16), 0x85ebca6b);
      z = imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    // The first outputs of a freshly seeded sfc32 are weakly mixed; discard a few.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (max < min) throw new Error(`Random.int: empty range ${min}..${max}`);
    return min + floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Random.pick: empty array');
    return items[floor(this.next() * items.length)] as T;
  }

  /** Picks by relative weight; for hot paths prefer a prebuilt `WeightedTable`. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    return new WeightedTable(items).draw(this);
  }

  /** A uniform date between two ISO dates (both inclusive), as ISO YYYY-MM-DD. */
  date(fromIso: string, toIso: string): string {
    return dayToIso(this.int(isoToDay(fromIso), isoToDay(toIso)));
  }
}

/**
 * Weighted choice with the cumulative weights computed once: the generator draws from the same
 * tables millions of times, so the sums are not recomputed per draw.
 */
export class WeightedTable<T> {
  private readonly values: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(items: ReadonlyArray<readonly [T, number]>) {
    this.values = [];
    this.cumulative = [];
    let sum = 0;
    for (const [value, weight] of items) {
      if (!(weight >= 0)) throw new Error(`WeightedTable: negative or NaN weight ${weight}`);
      if (weight === 0) continue;
      sum += weight;
      this.values.push(value);
      this.cumulative.push(sum);
    }
    if (this.values.length === 0) throw new Error('WeightedTable: no item has a positive weight');
    this.total = sum;
  }

  draw(rng: Random): T {
    const target = rng.next() * this.total;
    // Tables are short (a few dozen entries at most); a linear scan beats binary search here.
    for (let i = 0; i < this.cumulative.length; i++) {
      if (target < (this.cumulative[i] as number)) return this.values[i] as T;
    }
    return this.values[this.values.length - 1] as T;
  }
}
