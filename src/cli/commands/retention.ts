import type { Command } from 'commander';
import { retention } from '../../index.js';
import { contextOf, withEngine } from '../context.js';

interface RetentionFlags {
  dryRun?: boolean;
  locationDays?: number;
  inactiveDays?: number;
  lockTimeout?: number;
}

export async function retentionCommand(command: Command): Promise<void> {
  const context = contextOf(command);
  const flags = command.opts<RetentionFlags>();
  await withEngine(context, async (engine) => {
    const result = await retention({
      target: engine.target,
      dryRun: flags.dryRun,
      migrationsDir: context.config.migrationsDir,
      locationDays: flags.locationDays,
      inactiveUserDays: flags.inactiveDays,
      lockTimeoutMs: flags.lockTimeout,
      logger: context.output.logger(),
    });
    const { output } = context;
    output.json(result);
    const verb = (done: string, planned: string) => (result.dryRun ? planned : done);
    output.line(`Location history before ${result.locationCutoff}:`);
    output.line(
      `  ${result.partitionsDropped.length} partition(s) ${verb('dropped', 'to drop')}${result.partitionsDropped.length ? ` (${result.partitionsDropped.join(', ')})` : ''}`,
    );
    output.line(
      `  ${result.rowsDeleted} expired row(s) ${verb('deleted', 'to delete')} from the partition straddling the cutoff and the default partition`,
    );
    output.line(`  ${result.futureRowsDeleted} row(s) recorded more than a day in the future ${verb('deleted', 'to delete')}`);
    output.line(
      `  ${result.partitionsCreated.length} partition(s) ${verb('created', 'to create')} ahead${result.partitionsCreated.length ? ` (${result.partitionsCreated.join(', ')})` : ''}`,
    );
    output.line(
      `Users inactive since before ${result.inactiveCutoff}: ${result.usersSoftDeleted} ${verb('soft-deleted', 'to soft-delete')}`,
    );
    output.line(result.dryRun ? 'Dry run: nothing was changed.' : `Done in ${Math.round(result.durationMs)} ms.`);
  });
}
