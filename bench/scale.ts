/** How big and how often: `tiny` keeps the harness test under a minute, `quick` is `npm run bench`, `full` is DESIGN.md's scale. */
export interface Scale {
  name: 'tiny' | 'quick' | 'full';
  /** Measured rounds per benchmark (after `warmup` discarded rounds). */
  runs: number;
  warmup: number;
  /** Rounds of the process cold-start benchmark (cheap, so more of them). */
  coldStartRuns: number;
  /** `seed --profile load --scale N`: 1 = 1,000,000 location rows. */
  seedScale: number;
  /** Guard counts the matching queries run at. */
  guards: number[];
  /** Random query points per guard count and variant. */
  points: number;
  /** Guards of the sustained GPS ingest month: 10,710 points each (21 shifts with their commutes), so 934 is 10M rows. */
  ingestGuards: number;
  /** location_history rows the retention benchmark holds. */
  retentionRows: number;
  /** `aegis-db dev` seeds the demo profile on its first start (off only at the tiny scale, to keep the harness test short). */
  devSeed: boolean;
}

export const SCALES: Record<Scale['name'], Scale> = {
  tiny: {
    name: 'tiny',
    runs: 1,
    warmup: 0,
    coldStartRuns: 1,
    seedScale: 0.002,
    guards: [500],
    points: 40,
    ingestGuards: 2,
    retentionRows: 5_000,
    devSeed: false,
  },
  quick: {
    name: 'quick',
    runs: 3,
    warmup: 1,
    coldStartRuns: 10,
    seedScale: 0.1,
    guards: [1_000, 10_000],
    points: 500,
    ingestGuards: 47,
    retentionRows: 100_000,
    devSeed: true,
  },
  full: {
    name: 'full',
    runs: 5,
    warmup: 1,
    coldStartRuns: 20,
    seedScale: 1,
    guards: [10_000, 100_000],
    points: 2_000,
    ingestGuards: 934,
    retentionRows: 1_000_000,
    devSeed: true,
  },
};

export interface BenchContext {
  /** Any database URL on the benchmark server; scratch databases are created beside it. */
  serverUrl: string;
  /** The aegis-db package root (its built dist/ and bin/ are what is measured). */
  root: string;
  scale: Scale;
  log: (message: string) => void;
}
