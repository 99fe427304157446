import type { Summary } from './stats.js';

export type Unit = 'ms' | 'rows/s' | 'MB';

export interface Measured extends Summary {
  /** What was run, e.g. "aegis-db migrate up" or "psql -f (same files)". */
  name: string;
  /** Further percentiles where the distribution matters (latencies): p95, p99. */
  percentiles?: Record<string, number>;
}

export interface Budget {
  /** As DESIGN.md states it, e.g. "≤ 1.25× psql -f". */
  text: string;
  /** null: not evaluated at this scale (the budget is defined at the full scale only). */
  pass: boolean | null;
}

/** One line of the report: a subject, optionally its baseline measured in the same run, and a budget. */
export interface Figure {
  id: string;
  title: string;
  unit: Unit;
  subject: Measured;
  baseline?: Measured;
  /** subject / baseline for times; for throughputs subject / baseline too (so ≥ 1 is "at least as fast"). */
  ratio?: number;
  budget?: Budget;
  /** One sentence on what the result says, written from the measured values. */
  explanation?: string;
  notes?: string[];
}

export function ratioOf(subject: Summary, baseline: Summary): number {
  return baseline.median === 0 ? Number.NaN : subject.median / baseline.median;
}

/** A measured value that stands for itself (one sample, no spread). */
export function single(name: string, value: number): Measured {
  return { name, runs: 1, median: value, min: value, max: value, p25: value, p75: value, spread: 0 };
}
