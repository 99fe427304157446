import { coldStartBenchmark } from './benchmarks/cold-start.js';
import { embeddedBenchmark } from './benchmarks/embedded.js';
import { gpsIngestBenchmark } from './benchmarks/gps-ingest.js';
import { locationIngestBenchmark } from './benchmarks/location-ingest.js';
import { migrateUpBenchmark } from './benchmarks/migrate-up.js';
import { nearestGuardsBenchmark } from './benchmarks/nearest-guards.js';
import { retentionBenchmark } from './benchmarks/retention.js';
import { testDatabasesBenchmark } from './benchmarks/test-databases.js';
import type { Figure } from './harness/figure.js';
import { machineInfo } from './harness/machine.js';
import type { BenchReport } from './harness/report.js';
import type { BenchContext, Scale } from './scale.js';

export const BENCHMARKS: Record<string, (context: BenchContext) => Promise<Figure[]>> = {
  'migrate-up': migrateUpBenchmark,
  'cold-start': coldStartBenchmark,
  'location-ingest': locationIngestBenchmark,
  'gps-ingest': gpsIngestBenchmark,
  'nearest-guards': nearestGuardsBenchmark,
  retention: retentionBenchmark,
  embedded: embeddedBenchmark,
  'test-databases': testDatabasesBenchmark,
};

export interface RunOptions {
  serverUrl: string;
  root: string;
  scale: Scale;
  /** Benchmark names to run (default all). */
  only?: string[];
  log?: (message: string) => void;
}

/**
 * Runs the benchmarks one after another (never concurrently: they would measure each other) and
 * collects their figures. A benchmark that fails is reported as not measured, and the others still run.
 */
export async function runBenchmarks(options: RunOptions): Promise<BenchReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const names = options.only ?? Object.keys(BENCHMARKS);
  const unknown = names.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
  const machine = await machineInfo(options.serverUrl, options.root);
  const report: BenchReport = { format: 1, scale: options.scale.name, machine, durationMs: 0, figures: [], skipped: [] };
  for (const name of names) {
    const context: BenchContext = {
      serverUrl: options.serverUrl,
      root: options.root,
      scale: options.scale,
      log: (message) => log(`[${name}] ${message}`),
    };
    const benchStarted = performance.now();
    try {
      report.figures.push(...(await BENCHMARKS[name]!(context)));
      log(`[${name}] done in ${((performance.now() - benchStarted) / 1000).toFixed(1)} s`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log(`[${name}] not measured: ${reason}`);
      report.skipped.push({ benchmark: name, reason });
    }
  }
  report.durationMs = performance.now() - started;
  return report;
}
