import { summarize, type Summary } from './stats.js';

export interface Variant {
  name: string;
  /** Runs the variant once and returns the measured value (ms, rows/s, …). Setup belongs in `prepare`. */
  run: () => Promise<number>;
  /** Untimed setup before each run (a fresh scratch database, a TRUNCATE). */
  prepare?: () => Promise<void>;
  /** Untimed cleanup after each run. */
  cleanup?: () => Promise<void>;
}

export interface InterleaveOptions {
  warmup: number;
  runs: number;
}

/**
 * Runs every variant `warmup + runs` times, rotating which goes first in each round, so slow drift of a
 * shared machine (other test suites, autovacuum, page cache) lands on subject and baseline alike and
 * cancels in their ratio. Warm-up rounds are discarded.
 */
export async function interleave(
  variants: readonly Variant[],
  options: InterleaveOptions,
): Promise<Record<string, Summary & { samples: number[] }>> {
  const samples = new Map<string, number[]>(variants.map((variant) => [variant.name, []]));
  for (let round = 0; round < options.warmup + options.runs; round++) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length]!);
    for (const variant of order) {
      await variant.prepare?.();
      try {
        const value = await variant.run();
        if (round >= options.warmup) samples.get(variant.name)!.push(value);
      } finally {
        await variant.cleanup?.();
      }
    }
  }
  return Object.fromEntries([...samples].map(([name, values]) => [name, { ...summarize(values), samples: values }]));
}
