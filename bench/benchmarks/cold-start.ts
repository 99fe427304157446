import { join } from 'node:path';
import type { Figure } from '../harness/figure.js';
import { interleave } from '../harness/interleave.js';
import { createScratchDatabase, migrateScratchDatabase } from '../harness/scratch-database.js';
import { timeProcessOk } from '../harness/time-process.js';
import type { BenchContext } from '../scale.js';

/** 2. CLI cold start: `--help` (no database) and `migrate status` (one connection), beside a bare `node` start. */
export async function coldStartBenchmark(context: BenchContext): Promise<Figure[]> {
  const bin = join(context.root, 'bin', 'aegis-db.js');
  const env = { ...process.env, NO_COLOR: '1', DATABASE_URL: undefined };
  const database = await createScratchDatabase(context.serverUrl);
  try {
    await migrateScratchDatabase(database, context.root);
    const node = {
      name: 'node -e 0 (bare runtime start)',
      run: async () => (await timeProcessOk(process.execPath, ['-e', '0'], { env })).ms,
    };
    const help = { name: 'aegis-db --help', run: async () => (await timeProcessOk(process.execPath, [bin, '--help'], { env })).ms };
    const status = {
      name: 'aegis-db migrate status',
      run: async () => (await timeProcessOk(process.execPath, [bin, 'migrate', 'status', '--database-url', database.url], { env })).ms,
    };
    const warmup = Math.min(2, context.scale.coldStartRuns);
    context.log(`cold start: ${warmup} warm-up + ${context.scale.coldStartRuns} runs each`);
    const results = await interleave([node, help, status], { warmup, runs: context.scale.coldStartRuns });
    const baseline = { ...results[node.name]!, name: node.name };
    const helpResult = { ...results[help.name]!, name: help.name };
    const statusResult = { ...results[status.name]!, name: status.name };
    return [
      {
        id: 'cold-start-help',
        explanation: `\`--help\` answers in ${Math.round(helpResult.median)} ms, ${Math.round(helpResult.median - baseline.median)} ms more than starting Node itself.`,
        title: '`aegis-db --help` cold start',
        unit: 'ms',
        subject: helpResult,
        baseline,
        ratio: helpResult.median / baseline.median,
        budget: { text: '≤ 250 ms', pass: helpResult.median <= 250 },
      },
      {
        id: 'cold-start-status',
        explanation: `\`migrate status\` connects and reads the applied migrations in ${Math.round(statusResult.median)} ms, ${Math.round(statusResult.median - baseline.median)} ms more than starting Node itself.`,
        title: '`aegis-db migrate status` cold start (server, migrated)',
        unit: 'ms',
        subject: statusResult,
        baseline,
        ratio: statusResult.median / baseline.median,
        budget: { text: '≤ 250 ms', pass: statusResult.median <= 250 },
      },
    ];
  } finally {
    await database.drop();
  }
}
