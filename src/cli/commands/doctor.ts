import type { Command } from 'commander';
import { runDoctor } from '../../index.js';
import { contextOf, withEngine } from '../context.js';
import { ReportedFailure } from '../run.js';

export async function doctor(command: Command): Promise<void> {
  const context = contextOf(command);
  await withEngine(context, async (engine) => {
    const checks = await runDoctor({ target: engine.target, description: engine.description, migrationsDir: context.config.migrationsDir });
    const { output } = context;
    output.json({ engine: engine.kind, checks });
    const colour = { ok: 'green', warn: 'yellow', fail: 'red' } as const;
    const width = Math.max(...checks.map((check) => check.name.length));
    for (const check of checks)
      output.line(`${output.paint(colour[check.status], check.status.padEnd(4))} ${check.name.padEnd(width)}  ${check.detail}`);
    const failed = checks.find((check) => check.status === 'fail');
    if (failed) throw new ReportedFailure(failed.code ?? 'INTERNAL', `${failed.name}: ${failed.detail}`);
  });
}
