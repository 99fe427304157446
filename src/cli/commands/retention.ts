import type { Command } from 'commander';
import { contextOf, withEngine } from '../context.js';
import { AegisError } from '../../errors/aegis-error.js';

interface RetentionFlags {
  dryRun?: boolean;
  locationDays?: string;
  inactiveDays?: string;
  lockTimeout?: string;
}

function positive(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 36_500) {
    throw new AegisError('USAGE', `${flag} must be a whole number of days from 1 to 36500, not "${text}"`, { hint: `e.g. ${flag} 30` });
  }
  return Number(text);
}

export async function retentionCommand(command: Command): Promise<number> {
  const context = await contextOf(command);
  const flags = command.opts<RetentionFlags>();
  const locationDays = positive(flags.locationDays, '--location-days');
  const inactiveUserDays = positive(flags.inactiveDays, '--inactive-days');
  const [{ retention }, { parseLockTimeout }] = await Promise.all([import('../../maintenance/retention.js'), import('../../config/config.js')]);
  const lockTimeoutMs = flags.lockTimeout === undefined ? undefined : parseLockTimeout(flags.lockTimeout, '--lock-timeout');
  return withEngine(context, async (engine) => {
    const result = await retention({
      target: engine.target,
      dryRun: flags.dryRun,
      migrationsDir: context.config.migrationsDir,
      locationDays,
      inactiveUserDays,
      lockTimeoutMs,
      logger: context.output.logger(),
    });
    const { output } = context;
    output.json(result);
    const verb = (done: string, planned: string) => (result.dryRun ? planned : done);
    output.line(`Location history before ${result.locationCutoff}:`);
    output.line(`  ${result.partitionsDropped.length} partition(s) ${verb('dropped', 'to drop')}${result.partitionsDropped.length ? ` (${result.partitionsDropped.join(', ')})` : ''}`);
    output.line(`  ${result.rowsDeleted} expired row(s) ${verb('deleted', 'to delete')} from the partition straddling the cutoff and the default partition`);
    output.line(`  ${result.futureRowsDeleted} row(s) recorded more than a day in the future ${verb('deleted', 'to delete')}`);
    output.line(`  ${result.partitionsCreated.length} partition(s) ${verb('created', 'to create')} ahead${result.partitionsCreated.length ? ` (${result.partitionsCreated.join(', ')})` : ''}`);
    output.line(`Users inactive since before ${result.inactiveCutoff}: ${result.usersSoftDeleted} ${verb('soft-deleted', 'to soft-delete')}`);
    output.line(result.dryRun ? 'Dry run: nothing was changed.' : `Done in ${Math.round(result.durationMs)} ms.`);
    return 0;
  });
}
