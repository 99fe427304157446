import type { Command } from 'commander';
import { privacyExport, privacyForget } from '../../index.js';
import { contextOf, withEngine } from '../context.js';

export async function privacyExportCommand(command: Command): Promise<void> {
  const user = command.args[0]!;
  const context = contextOf(command);
  await withEngine(context, async (engine) => {
    const document = await privacyExport({ target: engine.target, user, migrationsDir: context.config.migrationsDir });
    // The export is the output: stdout is always the JSON document (redirect it to a file), with or without --json.
    context.output.data(JSON.stringify(document, null, 2) + '\n');
  });
}

export async function privacyForgetCommand(command: Command): Promise<void> {
  const user = command.args[0]!;
  const context = contextOf(command);
  const flags = command.opts<{ dryRun?: boolean }>();
  await withEngine(context, async (engine) => {
    const result = await privacyForget({ target: engine.target, user, dryRun: flags.dryRun, migrationsDir: context.config.migrationsDir });
    const { output } = context;
    output.json(result);
    const verb = result.dryRun ? 'would be' : 'were';
    output.line(`User ${result.userId}${result.dryRun ? ' (dry run)' : ''}:`);
    output.line(`  personal data ${result.dryRun ? 'would be ' : ''}anonymized (email → ${result.placeholderEmail}), account soft-deleted`);
    output.line(`  ${result.sessionsDeleted} session(s) and ${result.locationPointsDeleted} location point(s) ${verb} deleted`);
    output.line(`  kept as financial records: ${result.jobsKept} job(s), ${result.paymentsKept} payment(s)`);
    if (result.dryRun) output.line('Dry run: nothing was changed.');
  });
}
