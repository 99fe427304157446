import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCHMARKS, runBenchmarks } from './run-benchmarks.js';
import { renderMarkdown, renderTable } from './harness/report.js';
import { SCALES, type Scale } from './scale.js';

const USAGE = `npm run bench -- [--full | --scale tiny|quick|full] [--only ${Object.keys(BENCHMARKS).join(',')}]
                   [--database-url URL] [--no-write]
Measures aegis-db against its baselines on a PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres,
or AEGIS_BENCH_DATABASE_URL); writes bench/results/latest.json and docs/benchmarks.md. Run npm run build first.`;

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    full: { type: 'boolean' },
    scale: { type: 'string' },
    only: { type: 'string' },
    'database-url': { type: 'string' },
    'no-write': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const scaleName = values.full ? 'full' : (values.scale ?? 'quick');
if (!(scaleName in SCALES)) {
  console.error(`error: --scale must be tiny, quick or full, not "${scaleName}"\n${USAGE}`);
  process.exit(2);
}
if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
  console.error('error: the built CLI is missing — run npm run build first (the benchmarks measure dist/)');
  process.exit(2);
}
const scale: Scale = SCALES[scaleName as Scale['name']];
const serverUrl = values['database-url'] ?? process.env.AEGIS_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const report = await runBenchmarks({
  serverUrl,
  root,
  scale,
  only: values.only?.split(',').map((name) => name.trim()),
  log: (message) => console.error(message),
});
console.log(renderTable(report));
if (!values['no-write']) {
  const json = join(root, 'bench', 'results', 'latest.json');
  mkdirSync(dirname(json), { recursive: true });
  writeFileSync(json, JSON.stringify(report, null, 2) + '\n');
  // The hand-written analysis of missed budgets (bench/analysis.md) is kept across regenerations.
  const analysisPath = join(root, 'bench', 'analysis.md');
  const analysis = existsSync(analysisPath) ? readFileSync(analysisPath, 'utf8') : undefined;
  writeFileSync(join(root, 'docs', 'benchmarks.md'), renderMarkdown(report) + (analysis ? `\n${analysis}` : ''));
  console.error(`wrote ${json} and docs/benchmarks.md`);
}
const failed = report.figures.filter((figure) => figure.budget?.pass === false).length;
console.error(
  `${report.figures.length} figures, ${failed} over budget, ${report.skipped.length} not measured, ${(report.durationMs / 1000).toFixed(0)} s`,
);
