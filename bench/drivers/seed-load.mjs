// Runs the library's load seeding in its own process (so its peak RSS is measurable) and prints a JSON
// line per progress report with a timestamp, from which the harness derives location_history rows/s.
// Plain JavaScript over the built package: no TypeScript loader inflates the memory being measured.
import { databaseTarget } from '../../dist/database/target.js';
import { seed } from '../../dist/seeding/seed.js';

const [url, scale] = process.argv.slice(2);
const started = performance.now();
const result = await seed({
  target: databaseTarget(url),
  profile: 'load',
  scale: Number(scale),
  reset: true,
  onProgress: ({ table, done, total }) => {
    process.stdout.write(JSON.stringify({ event: 'progress', t: performance.now() - started, table, done, total }) + '\n');
  },
});
process.stdout.write(JSON.stringify({ event: 'result', t: performance.now() - started, result }) + '\n');
