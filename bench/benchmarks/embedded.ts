import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ratioOf, type Figure } from '../harness/figure.js';
import { interleave } from '../harness/interleave.js';
import { summarize } from '../harness/stats.js';
import { timeProcessOk } from '../harness/time-process.js';
import type { BenchContext } from '../scale.js';

const READY = /"readyMs"/;

/** 7. Embedded engine: `aegis-db dev` ready time (first and second start on one data dir) and createTestDatabase(). */
export async function embeddedBenchmark(context: BenchContext): Promise<Figure[]> {
  const bin = join(context.root, 'bin', 'aegis-db.js');
  const env = { ...process.env, NO_COLOR: '1', DATABASE_URL: undefined };
  const firstStarts: number[] = [];
  const secondStarts: number[] = [];
  const rounds = Math.max(1, context.scale.runs);
  context.log(`embedded: ${rounds} round(s) of dev first start + second start on a new data dir`);
  for (let round = 0; round < rounds; round++) {
    const work = mkdtempSync(join(tmpdir(), 'aegis-bench-dev-'));
    try {
      const seedFlag = context.scale.devSeed ? [] : ['--no-seed'];
      const dev = () =>
        timeProcessOk(process.execPath, [bin, 'dev', '--port', '0', '--json', ...seedFlag, '--data-dir', join(work, 'pgdata')], {
          env,
          readyWhen: READY,
          timeoutMs: 300_000,
        });
      firstStarts.push((await dev()).ms);
      secondStarts.push((await dev()).ms);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  const driver = join(context.root, 'bench', 'drivers', 'create-test-database.mjs');
  const inProcess = async (args: string[]) =>
    (JSON.parse((await timeProcessOk(process.execPath, [driver, ...args], { env })).stdout) as { ms: number }).ms;
  context.log(`embedded: createTestDatabase() embedded vs server, ${context.scale.warmup} warm-up + ${context.scale.runs} runs each`);
  const results = await interleave(
    [
      { name: 'embedded', run: () => inProcess([]) },
      { name: 'server', run: () => inProcess([context.serverUrl]) },
    ],
    { warmup: context.scale.warmup, runs: context.scale.runs },
  );
  const first = {
    ...summarize(firstStarts),
    name: `aegis-db dev, first start (migrate${context.scale.devSeed ? ' + demo seed' : ', --no-seed'})`,
  };
  const second = { ...summarize(secondStarts), name: 'aegis-db dev, second start (same data dir)' };
  const embedded = { ...results.embedded!, name: 'createTestDatabase() embedded (a new instance from the cached migrated snapshot)' };
  const server = { ...results.server!, name: 'createTestDatabase({ url }) on the server (template clone)' };
  return [
    {
      id: 'dev-ready',
      explanation: `A second \`dev\` start on the same data directory is ready in ${(second.median / 1000).toFixed(1)} s; the first, which migrates and seeds, takes ${(first.median / 1000).toFixed(1)} s.`,
      title: '`aegis-db dev` ready, second start (process spawn to ready line)',
      unit: 'ms',
      subject: second,
      baseline: first,
      ratio: ratioOf(second, first),
      budget: { text: '≤ 5 s', pass: second.median <= 5000 },
      notes: ['baseline column: the first start on an empty data dir'],
    },
    {
      id: 'create-test-database',
      explanation: `An embedded test database takes ${(embedded.median / 1000).toFixed(1)} s from the call to the first query, a server one ${(server.median / 1000).toFixed(1)} s.`,
      title: 'createTestDatabase(), first call in a fresh process (module loaded)',
      unit: 'ms',
      subject: embedded,
      baseline: server,
      ratio: ratioOf(embedded, server),
      budget: { text: '≤ 5 s', pass: embedded.median <= 5000 },
    },
  ];
}
