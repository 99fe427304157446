/** Summary of one variant's samples: the median is the figure, min/max and the IQR show how noisy it was. */
export interface Summary {
  runs: number;
  median: number;
  min: number;
  max: number;
  p25: number;
  p75: number;
  /** (p75 - p25) / median: the relative spread; a ratio is only trusted when this is small. */
  spread: number;
}

/** Linear-interpolated percentile (0-100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export function summarize(samples: readonly number[]): Summary {
  const median = percentile(samples, 50);
  const p25 = percentile(samples, 25);
  const p75 = percentile(samples, 75);
  return {
    runs: samples.length,
    median,
    min: Math.min(...samples),
    max: Math.max(...samples),
    p25,
    p75,
    spread: median === 0 ? 0 : (p75 - p25) / median,
  };
}
