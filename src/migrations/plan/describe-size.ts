import type { RelationSize } from './plan-report.js';

function compact(value: number, units: [number, string][]): string {
  for (const [scale, unit] of units) {
    if (value >= scale) {
      const scaled = value / scale;
      return `${scaled >= 100 ? Math.round(scaled) : scaled.toFixed(1).replace(/\.0$/, '')}${unit}`;
    }
  }
  return String(Math.round(value));
}

export function describeRows(rows: number | null): string {
  if (rows === null) return 'rows unknown (never analyzed)';
  if (rows < 10_000) return `${rows.toLocaleString('en-US')} rows`;
  return `${compact(rows, [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ])} rows`;
}

export function describeBytes(bytes: number): string {
  return compact(bytes, [
    [1024 ** 3, ' GB'],
    [1024 ** 2, ' MB'],
    [1024, ' kB'],
  ]).replace(/^(\d+(?:\.\d)?)$/, '$1 B');
}

/** "2.1M rows, 480 MB" */
export function describeSize(size: RelationSize): string {
  return `${describeRows(size.rows)}, ${describeBytes(size.bytes)}`;
}
