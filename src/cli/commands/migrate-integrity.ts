import type { Command } from 'commander';
import { AegisError, integrityError, isClean, migrationStatus, repairMigrations } from '../../index.js';
import { contextOf, withEngine } from '../context.js';

export async function migrateValidate(command: Command): Promise<void> {
  const context = contextOf(command);
  await withEngine(context, async (engine) => {
    const status = await migrationStatus({ target: engine.target, migrationsDir: context.config.migrationsDir });
    const result = {
      applied: status.applied.length,
      pending: status.pending,
      integrity: status.integrity,
      clean: await isClean(status.integrity),
    };
    const { output } = context;
    output.json({ engine: engine.kind, ...result });
    if (result.integrity.unverified.length > 0) {
      output.warn(
        `applied without a checksum (by another tool?): ${result.integrity.unverified.join(', ')}; aegis-db migrate repair records one`,
      );
    }
    if (!result.clean) throw await integrityError(result.integrity);
    output.line(`All ${result.applied} applied migration(s) match their files; ${result.pending.length} pending.`);
  });
}

export async function migrateRepair(command: Command): Promise<void> {
  const context = contextOf(command);
  await withEngine(context, async (engine) => {
    const result = await repairMigrations({
      target: engine.target,
      migrationsDir: context.config.migrationsDir,
      lockWaitMs: context.config.lockWaitMs,
    });
    const { output } = context;
    output.json({ engine: engine.kind, ...result });
    const short = (checksum: string | null) => (checksum ? checksum.slice(0, 12) : 'none');
    for (const step of result.actions) {
      if (step.action === 'checksum') output.line(`accepted ${step.name}: checksum ${short(step.was)} → ${short(step.now)}`);
      else output.line(`forgot   ${step.name}: its file is gone; the database keeps whatever it created`);
    }
    if (result.outOfOrder.length > 0) {
      throw new AegisError(
        'INTEGRITY',
        `repair cannot accept new files that sort before an applied migration: ${result.outOfOrder.join(', ')}`,
        {
          hint: 'rename them with a timestamp after the last applied migration (aegis-db migrate create NAME shows the format)',
        },
      );
    }
    output.line(
      result.actions.length === 0
        ? 'Nothing to repair: every applied migration matches its file.'
        : `Repaired ${result.actions.length} record(s).`,
    );
  });
}
