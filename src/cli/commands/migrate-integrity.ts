import type { Command } from 'commander';
import { contextOf, withEngine } from '../context.js';
import { AegisError } from '../../errors/aegis-error.js';
import { exitCodeOf } from '../../errors/exit-codes.js';

export async function migrateValidate(command: Command): Promise<number> {
  const context = await contextOf(command);
  const { migrationStatus } = await import('../../migrations/status.js');
  const { integrityError, isClean } = await import('../../migrations/validate-applied.js');
  return withEngine(context, async (engine) => {
    const status = await migrationStatus({ target: engine.target, migrationsDir: context.config.migrationsDir });
    const result = { applied: status.applied.length, pending: status.pending, integrity: status.integrity, clean: isClean(status.integrity) };
    const { output } = context;
    output.json({ engine: engine.kind, ...result });
    if (result.integrity.unverified.length > 0) {
      output.warn(`applied without a checksum (by another tool?): ${result.integrity.unverified.join(', ')}; aegis-db migrate repair records one`);
    }
    if (!result.clean) {
      output.error(integrityError(result.integrity));
      return exitCodeOf('INTEGRITY');
    }
    output.line(`All ${result.applied} applied migration(s) match their files; ${result.pending.length} pending.`);
    return 0;
  });
}

export async function migrateRepair(command: Command): Promise<number> {
  const context = await contextOf(command);
  const { repairMigrations } = await import('../../migrations/repair-migrations.js');
  return withEngine(context, async (engine) => {
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
      output.error(
        new AegisError('INTEGRITY', `repair cannot accept new files that sort before an applied migration: ${result.outOfOrder.join(', ')}`, {
          hint: 'rename them with a timestamp after the last applied migration (aegis-db migrate create NAME shows the format)',
        }),
      );
      return exitCodeOf('INTEGRITY');
    }
    output.line(result.actions.length === 0 ? 'Nothing to repair: every applied migration matches its file.' : `Repaired ${result.actions.length} record(s).`);
    return 0;
  });
}
