import type { Command } from 'commander';
import { contextOf, withEngine, type CommandContext, type OpenEngine } from '../context.js';
import { exitCodeOf } from '../../errors/exit-codes.js';
import type { MigrateResult } from '../../migrations/migrate.js';
import { AegisError } from '../../errors/aegis-error.js';
import type { HazardGate, MigrationPlan, TraceOn } from '../../index.js';
import { outputFor } from '../context.js';

interface MigrateFlags {
  count?: string;
  to?: string;
  dryRun?: boolean;
  lockWait?: string;
  lockTimeout?: string;
  statementTimeout?: string;
  checkHazards?: boolean;
  allowHazard?: string[];
  traceOn?: string;
  format?: string;
  force?: boolean;
}

function parseCount(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new AegisError('USAGE', `--count must be a positive whole number, not "${text}"`, { hint: 'e.g. --count 2' });
  }
  return Number(text);
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function report(context: CommandContext, engineKind: string, result: MigrateResult): number {
  const { output } = context;
  output.json({ engine: engineKind, ...result, error: result.error ? { code: result.error.code, message: result.error.message, hint: result.error.hint } : undefined });
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
  else if (result.steps.every((step) => step.status === 'planned')) output.line(`Dry run: ${result.steps.length} migration(s) would be ${verb}; nothing was changed.`);
  else if (!result.error) output.line(`${done.length} migration(s) ${verb} in ${seconds(done.reduce((sum, step) => sum + (step.durationMs ?? 0), 0))}.`);
  if (result.error) {
    output.error(result.error);
    return exitCodeOf(result.error.code);
  }
  return 0;
}

function parseTraceOn(text: string | undefined): TraceOn | undefined {
  if (text === undefined || text === 'embedded' || text === 'server') return text;
  throw new AegisError('USAGE', `--trace-on must be embedded or server, not "${text}"`, { hint: 'embedded: PGlite in memory (default); server: a scratch database on the target server' });
}

/** --allow-hazard a b, or a,b */
function allowedHazards(flags: MigrateFlags): string[] {
  return (flags.allowHazard ?? []).flatMap((id) => id.split(',')).map((id) => id.trim()).filter(Boolean);
}

/**
 * The gate `migrate up` applies: on with --check-hazards, off with --no-check-hazards; otherwise on for a
 * server marked production and off for the embedded engine.
 */
function hazardGate(flags: MigrateFlags, engine: OpenEngine): HazardGate | undefined {
  const traceOn = parseTraceOn(flags.traceOn);
  const gate = { allow: allowedHazards(flags), ...(traceOn ? { traceOn } : {}) };
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
async function withCheckedEngine(context: CommandContext, work: (migrate: typeof import('../../migrations/migrate.js').migrate, engine: OpenEngine) => Promise<number>): Promise<number> {
  const [{ migrate }, { loadMigrations }] = await Promise.all([import('../../migrations/migrate.js'), import('../../migrations/load-migrations.js')]);
  loadMigrations(context.config.migrationsDir);
  return withEngine(context, (engine) => work(migrate, engine));
}

/**
 * Ctrl-C while migrations run: the first stops the run (on a server the running statement is cancelled and
 * rolled back, the lock released, the interrupted file named, exit 130); a second one quits at once.
 */
async function interruptible<T>(context: CommandContext, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) {
      process.stderr.write('interrupted again: quitting at once\n');
      process.exit(exitCodeOf('INTERRUPTED'));
    }
    context.output.warn('interrupted: stopping the migration run (Ctrl-C again to quit at once)');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function runDirection(command: Command, direction: 'up' | 'down'): Promise<number> {
  const context = await contextOf(command);
  const flags = command.optsWithGlobals<MigrateFlags>();
  const count = parseCount(flags.count);
  if (direction === 'up') (await import('../../index.js')).checkHazardIds(allowedHazards(flags));
  return withCheckedEngine(context, async (migrate, engine) => {
    const gate = direction === 'up' && !flags.dryRun ? hazardGate(flags, engine) : undefined;
    const result = await interruptible(context, (signal) =>
      migrate({ ...runOptions(context, engine, count), direction, to: flags.to, dryRun: flags.dryRun, hazardGate: gate, force: flags.force, signal, cancelOnAbort: engine.kind !== 'embedded' }),
    );
    return report(context, engine.kind, result);
  });
}

export async function migrateUp(command: Command): Promise<number> {
  const extra = command.args[0];
  if (extra !== undefined) {
    throw new AegisError('USAGE', `unknown migrate command "${extra}"`, { hint: 'use one of: up, down, redo, status, create, plan (see aegis-db migrate --help)' });
  }
  return runDirection(command, 'up');
}

export async function migrateDown(command: Command): Promise<number> {
  return runDirection(command, 'down');
}

export async function migrateRedo(command: Command): Promise<number> {
  const context = await contextOf(command);
  const flags = command.optsWithGlobals<MigrateFlags>();
  const count = parseCount(flags.count) ?? 1;
  return withCheckedEngine(context, async (migrate, engine) => {
    const cancelOnAbort = engine.kind !== 'embedded';
    const down = await interruptible(context, (signal) => migrate({ ...runOptions(context, engine, count), direction: 'down', force: flags.force, signal, cancelOnAbort }));
    const downCode = report(context, engine.kind, down);
    const reverted = down.steps.filter((step) => step.status === 'reverted').length;
    // Re-apply exactly what was reverted: nothing when nothing was applied.
    if (downCode !== 0 || reverted === 0) return downCode;
    return report(context, engine.kind, await interruptible(context, (signal) => migrate({ ...runOptions(context, engine, reverted), direction: 'up', signal, cancelOnAbort })));
  });
}

export async function migrateStatus(command: Command): Promise<number> {
  const context = await contextOf(command);
  const { migrationStatus } = await import('../../migrations/status.js');
  return withEngine(context, async (engine) => {
    const status = await migrationStatus({ target: engine.target, migrationsDir: context.config.migrationsDir });
    const { output } = context;
    output.json({ engine: engine.kind, ...status });
    for (const row of status.applied) {
      const mark = row.state === 'ok' ? output.paint('green', 'applied ') : output.paint('red', row.state.padEnd(8));
      output.line(`${mark} ${row.runOn.toISOString()}  ${row.name}`);
    }
    for (const name of status.pending) output.line(`${output.paint('yellow', 'pending ')} ${''.padEnd(24)}  ${name}`);
    output.line(`${status.applied.length} applied, ${status.pending.length} pending.`);
    return 0;
  });
}

export async function migrateCreate(name: string, command: Command): Promise<number> {
  const context = await contextOf(command);
  const { createMigration } = await import('../../migrations/create-migration.js');
  const path = createMigration(context.config.migrationsDir, name);
  context.output.json({ path });
  context.output.line(`Created ${path}`);
  return 0;
}

function planJson(plan: MigrationPlan, engineKind: string) {
  return { engine: engineKind, ...plan, error: plan.error ? { code: plan.error.code, message: plan.error.message, hint: plan.error.hint } : undefined };
}

export async function migratePlan(command: Command): Promise<number> {
  const context = await contextOf(command);
  const flags = command.optsWithGlobals<MigrateFlags>();
  const count = parseCount(flags.count);
  const traceOn = parseTraceOn(flags.traceOn) ?? 'embedded';
  const format = flags.format ?? (context.flags.json ? 'json' : 'table');
  if (!['table', 'markdown', 'json'].includes(format)) {
    throw new AegisError('USAGE', `--format must be table, markdown or json, not "${format}"`, { hint: 'markdown suits a pull-request comment' });
  }
  const api = await import('../../index.js');
  const allow = api.checkHazardIds(allowedHazards(flags));
  const output = format === 'json' ? outputFor({ ...context.flags, json: true }) : context.output;
  if (traceOn === 'server' && !context.config.databaseUrl) {
    throw new AegisError('USAGE', '--trace-on server needs a PostgreSQL server target; the target is the embedded engine', { hint: 'drop --trace-on server, or set DATABASE_URL to a server' });
  }
  return withCheckedEngine(context, async (_migrate, engine) => {
    const plan = await api.traceMigrations(engine.target, {
      migrationsDir: context.config.migrationsDir,
      traceOn,
      count,
      to: flags.to,
      allowHazards: allow,
      lockTimeoutMs: context.config.lockTimeoutMs,
      statementTimeoutMs: context.config.statementTimeoutMs,
      logger: output.logger(),
    });
    output.json(planJson(plan, engine.kind));
    output.line(format === 'markdown' ? api.renderPlanMarkdown(plan) : api.renderPlanTable(plan, (colour, text) => output.paint(colour, text)));
    if (plan.error) {
      output.error(plan.error);
      return exitCodeOf(plan.error.code);
    }
    return api.blockingFindings(plan).length > 0 ? exitCodeOf('HAZARD') : 0;
  });
}
