import type { Command } from 'commander';
import {
  AegisError,
  blockingFindings,
  checkHazardIds,
  createMigration,
  loadMigrations,
  migrate,
  migrationStatus,
  renderPlanMarkdown,
  renderPlanTable,
  traceMigrations,
  type HazardGate,
  type MigrateResult,
  type MigrationPlan,
  type TraceOn,
} from '../../index.js';
import { contextOf, withEngine, type CommandContext, type OpenEngine } from '../context.js';
import { outputFor } from '../output.js';
import { cliWording, inFlags, type PlanFormat } from '../options.js';
import { interruptible, ReportedFailure } from '../run.js';

/** The flags as the parsers of options.ts leave them. */
interface MigrateFlags {
  count?: number;
  to?: string;
  dryRun?: boolean;
  checkHazards?: boolean;
  allowHazard?: string[];
  traceOn?: TraceOn;
  format?: PlanFormat;
  force?: boolean;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function report(context: CommandContext, engineKind: string, result: MigrateResult): void {
  const { output } = context;
  output.json({
    engine: engineKind,
    ...result,
    error: result.error ? { code: result.error.code, ...cliWording(result.error) } : undefined,
  });
  const verb = result.direction === 'up' ? 'applied' : 'reverted';
  const done = result.steps.filter((step) => step.status === 'applied' || step.status === 'reverted');
  for (const step of result.steps) {
    if (step.status === 'planned') {
      output.line(output.paint('bold', `-- ${step.direction === 'up' ? 'Up' : 'Down'}: ${step.name}`));
      output.line(step.sql ?? '');
      output.line();
    } else if (step.status === 'applied' || step.status === 'reverted') {
      output.line(`${output.paint('green', '✔')} ${step.status} ${step.name} ${output.paint('dim', `(${seconds(step.durationMs ?? 0)})`)}`);
    } else if (step.status === 'failed') {
      output.line(`${output.paint('red', '✘')} failed  ${step.name}`);
    } else {
      output.line(`${output.paint('dim', '·')} not run ${step.name}`);
    }
  }
  if (result.steps.length === 0) output.line(result.direction === 'up' ? 'Already up to date: nothing to apply.' : 'Nothing to revert.');
  else if (result.steps.every((step) => step.status === 'planned'))
    output.line(`Dry run: ${result.steps.length} migration(s) would be ${verb}; nothing was changed.`);
  else if (!result.error)
    output.line(`${done.length} migration(s) ${verb} in ${seconds(done.reduce((sum, step) => sum + (step.durationMs ?? 0), 0))}.`);
  if (result.error) throw result.error;
}

/**
 * The gate `migrate up` applies: on with --check-hazards, off with --no-check-hazards; otherwise on for a
 * server marked production and off for the embedded engine.
 */
function hazardGate(flags: MigrateFlags, engine: OpenEngine): HazardGate | undefined {
  const gate = { allow: flags.allowHazard ?? [], ...(flags.traceOn ? { traceOn: flags.traceOn } : {}) };
  if (flags.checkHazards === false) return undefined;
  if (flags.checkHazards === true) return { when: 'always', ...gate };
  return engine.kind === 'embedded' ? undefined : { when: 'production', ...gate };
}

/** The migrate() options every subcommand shares: the engine, the folder, the session bounds, the logger. */
function runOptions(context: CommandContext, engine: OpenEngine, count: number | undefined) {
  return {
    target: engine.target,
    migrationsDir: context.config.migrationsDir,
    count,
    lockWaitMs: context.config.lockWaitMs,
    lockTimeoutMs: context.config.lockTimeoutMs,
    statementTimeoutMs: context.config.statementTimeoutMs,
    logger: context.output.logger(),
  };
}

/** Checks the migration files, then opens the engine; bad files are reported before an embedded engine spends seconds starting. */
async function withCheckedEngine(context: CommandContext, work: (engine: OpenEngine) => Promise<void>): Promise<void> {
  await loadMigrations(context.config.migrationsDir);
  await withEngine(context, work);
}

async function runDirection(command: Command, direction: 'up' | 'down'): Promise<void> {
  const context = contextOf(command);
  const flags = command.optsWithGlobals<MigrateFlags>();
  if (direction === 'up') await checkHazardIds(flags.allowHazard ?? []);
  await withCheckedEngine(context, async (engine) => {
    const gate = direction === 'up' && !flags.dryRun ? hazardGate(flags, engine) : undefined;
    const result = await interruptible(context.output, (signal) =>
      migrate({
        ...runOptions(context, engine, flags.count),
        direction,
        to: flags.to,
        dryRun: flags.dryRun,
        hazardGate: gate,
        force: flags.force,
        signal,
        cancelOnAbort: engine.kind !== 'embedded',
      }),
    );
    report(context, engine.kind, result);
  });
}

export async function migrateUp(command: Command): Promise<void> {
  const extra = command.args[0];
  if (extra !== undefined) {
    throw new AegisError('USAGE', `unknown migrate command "${extra}"`, {
      hint: 'use one of: up, down, redo, status, create, plan (see aegis-db migrate --help)',
    });
  }
  return runDirection(command, 'up');
}

export async function migrateDown(command: Command): Promise<void> {
  return runDirection(command, 'down');
}

export async function migrateRedo(command: Command): Promise<void> {
  const context = contextOf(command);
  const flags = command.optsWithGlobals<MigrateFlags>();
  await withCheckedEngine(context, async (engine) => {
    const cancelOnAbort = engine.kind !== 'embedded';
    const down = await interruptible(context.output, (signal) =>
      migrate({ ...runOptions(context, engine, flags.count ?? 1), direction: 'down', force: flags.force, signal, cancelOnAbort }),
    );
    report(context, engine.kind, down);
    // Re-apply exactly what was reverted: nothing when nothing was applied.
    const reverted = down.steps.filter((step) => step.status === 'reverted').length;
    if (reverted > 0)
      report(
        context,
        engine.kind,
        await interruptible(context.output, (signal) =>
          migrate({ ...runOptions(context, engine, reverted), direction: 'up', signal, cancelOnAbort }),
        ),
      );
  });
}

export async function migrateStatus(command: Command): Promise<void> {
  const context = contextOf(command);
  await withEngine(context, async (engine) => {
    const status = await migrationStatus({ target: engine.target, migrationsDir: context.config.migrationsDir });
    const { output } = context;
    output.json({ engine: engine.kind, ...status });
    for (const row of status.applied) {
      const mark = row.state === 'ok' ? output.paint('green', 'applied ') : output.paint('red', row.state.padEnd(8));
      output.line(`${mark} ${row.runOn.toISOString()}  ${row.name}`);
    }
    for (const name of status.pending) output.line(`${output.paint('yellow', 'pending ')} ${''.padEnd(24)}  ${name}`);
    output.line(`${status.applied.length} applied, ${status.pending.length} pending.`);
  });
}

export async function migrateCreate(command: Command): Promise<void> {
  const name = command.args[0]!;
  const context = contextOf(command);
  const path = await createMigration(context.config.migrationsDir, name);
  context.output.json({ path });
  context.output.line(`Created ${path}`);
}

function planJson(plan: MigrationPlan, engineKind: string) {
  return {
    engine: engineKind,
    ...plan,
    error: plan.error ? { code: plan.error.code, ...cliWording(plan.error) } : undefined,
  };
}

export async function migratePlan(command: Command): Promise<void> {
  const context = contextOf(command);
  const flags = command.optsWithGlobals<MigrateFlags>();
  const traceOn = flags.traceOn ?? 'embedded';
  const format = flags.format ?? (context.flags.json ? 'json' : 'table');
  const allow = await checkHazardIds(flags.allowHazard ?? []);
  const output = format === 'json' ? outputFor({ ...context.flags, json: true }) : context.output;
  if (traceOn === 'server' && !context.config.databaseUrl) {
    throw new AegisError('USAGE', '--trace-on server needs a PostgreSQL server target; the target is the embedded engine', {
      hint: 'drop --trace-on server, or set DATABASE_URL to a server',
    });
  }
  await withCheckedEngine(context, async (engine) => {
    const plan = await traceMigrations(engine.target, {
      migrationsDir: context.config.migrationsDir,
      traceOn,
      count: flags.count,
      to: flags.to,
      allowHazards: allow,
      lockTimeoutMs: context.config.lockTimeoutMs,
      statementTimeoutMs: context.config.statementTimeoutMs,
      logger: output.logger(),
    });
    output.json(planJson(plan, engine.kind));
    output.line(
      format === 'markdown'
        ? await renderPlanMarkdown(plan, inFlags)
        : await renderPlanTable(plan, (colour, text) => output.paint(colour, text)),
    );
    if (plan.error) throw plan.error;
    const blocking = await blockingFindings(plan);
    if (blocking.length > 0) throw new ReportedFailure('HAZARD', `${blocking.length} hazard(s) not allowed`);
  });
}
