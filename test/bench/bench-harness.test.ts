import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBenchmarks } from '../../bench/run-benchmarks.js';
import { renderMarkdown, renderTable, type BenchReport } from '../../bench/harness/report.js';
import { SCALES } from '../../bench/scale.js';
import { serverUrl } from '../helpers/engines.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Shape only: benchmarks are never timed assertions, so no figure's value is judged here. */
function expectWellFormed(report: BenchReport, ids: string[]): void {
  expect(report.skipped).toEqual([]);
  expect(report.format).toBe(1);
  expect(report.scale).toBe('tiny');
  expect(report.machine.server.version).toMatch(/^\d+/);
  expect(report.figures.map((figure) => figure.id)).toEqual(ids);
  for (const figure of report.figures) {
    expect(['ms', 'rows/s', 'MB']).toContain(figure.unit);
    expect(Number.isFinite(figure.subject.median), `${figure.id}: subject median`).toBe(true);
    expect(figure.subject.name.length).toBeGreaterThan(0);
    if (figure.baseline) expect(Number.isFinite(figure.baseline.median), `${figure.id}: baseline median`).toBe(true);
    if (figure.budget) expect([true, false, null]).toContain(figure.budget.pass);
  }
  const roundTrip = JSON.parse(JSON.stringify(report)) as BenchReport;
  expect(roundTrip.figures).toHaveLength(report.figures.length);
  const table = renderTable(report);
  const markdown = renderMarkdown(report);
  for (const figure of report.figures) {
    expect(table).toContain(figure.title);
    expect(markdown).toContain(figure.title.replaceAll('|', '\\|'));
  }
}

describe.skipIf(!serverUrl)(
  'npm run bench harness at the tiny scale (needs AEGIS_TEST_DATABASE_URL: every benchmark runs on a server)',
  () => {
    it('the CLI under measurement is built', () => {
      expect(existsSync(join(ROOT, 'dist', 'cli', 'main.js')), 'run npm run build first: the benchmarks measure dist/').toBe(true);
    });

    it('server benchmarks produce a well-formed report', async () => {
      const report = await runBenchmarks({
        serverUrl: serverUrl!,
        root: ROOT,
        scale: SCALES.tiny,
        only: ['migrate-up', 'cold-start', 'location-ingest', 'gps-ingest', 'nearest-guards', 'retention'],
      });
      expectWellFormed(report, [
        'migrate-up',
        'cold-start-help',
        'cold-start-status',
        'ingest-vs-copy',
        'seed-peak-rss',
        'gps-ingest-flat',
        'gps-ingest-vs-r7',
        'gps-ingest-fk-cost',
        'nearest-500',
        'matching-500',
        'named-matching-500',
        'retention',
        'retention-size-left',
      ]);
      const nearest = report.figures.find((figure) => figure.id === 'nearest-500')!;
      expect(nearest.subject.percentiles).toHaveProperty('p99');
      // Even at the tiny scale the harness streams two GPS months and copies a loaded template per retention run.
    }, 900_000);

    it('embedded benchmarks (dev start, createTestDatabase) produce a well-formed report', async () => {
      const report = await runBenchmarks({ serverUrl: serverUrl!, root: ROOT, scale: SCALES.tiny, only: ['embedded'] });
      expectWellFormed(report, ['dev-ready', 'create-test-database']);
    });

    it('test-database benchmarks (template clone, warm instance, first start) produce a well-formed report', async () => {
      const report = await runBenchmarks({ serverUrl: serverUrl!, root: ROOT, scale: SCALES.tiny, only: ['test-databases'] });
      expectWellFormed(report, ['test-db-server', 'test-db-embedded', 'first-start']);
    }, 900_000);
  },
);
