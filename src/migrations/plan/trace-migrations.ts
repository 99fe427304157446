import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { AegisError } from '../../errors/aegis-error.js';
import { BASE_EXTENSIONS } from '../../database/base-cluster.js';
import { connect } from '../../database/connect.js';
import { readEnvironmentMark } from '../../database/environment-mark.js';
import { withClient, type DatabaseTarget } from '../../database/target.js';
import { silentLogger, type Logger } from '../../logger.js';
import { dumpSchema } from '../../schema-snapshot/dump-schema.js';
import { diffSnapshots } from '../../schema-snapshot/diff-snapshots.js';
import { loadMigrations } from '../load-migrations.js';
import { readApplied } from '../meta-tables.js';
import { integrityError, migrationSessionSettings, planMigrations } from '../migrate.js';
import type { MigrationFile } from '../migration-file.js';
import { checkIntegrity, isClean } from '../validate-applied.js';
import { applyAllows, checkAllowFlags, parseInlineAllows, type InlineAllow } from './allow-hazards.js';
import { classifyFindings } from './classify-findings.js';
import type { MigrationPlan, TraceOn } from './plan-report.js';
import { openScratchCopy } from './scratch-copy.js';
import { readTargetSizes, sizeKey, type TableName } from './target-sizes.js';
import { traceFiles } from './trace-files.js';
import { option } from '../../errors/option.js';

export interface TraceMigrationsOptions {
  migrationsDir: string;
  /** Where the statements run: the embedded engine in memory (default) or a scratch database on the target's server. */
  traceOn?: TraceOn;
  /** Trace what `migrate up --count N` / `--to NAME` would apply. */
  count?: number | undefined;
  to?: string | undefined;
  /** Hazard ids allowed in every file (--allow-hazard). */
  allowHazards?: readonly string[];
  /** The runner's session bounds, applied to the trace session as they will be to the real one. */
  lockTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** Compare the target's schema with the copy's (default true). */
  checkDrift?: boolean;
  logger?: Logger;
}

/** Statements whose effect is cluster-wide: on a scratch database of the target's server they would reach every database there. */
const CLUSTER_WIDE =
  /\b(?:(?:CREATE|ALTER|DROP)\s+(?:ROLE|GROUP|TABLESPACE|DATABASE|USER(?!\s+MAPPING))|REASSIGN\s+OWNED|DROP\s+OWNED|ALTER\s+SYSTEM)\b/i;

function refuseClusterWide(files: MigrationFile[]): void {
  for (const file of files) {
    const code = file.up.sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
    const hit = CLUSTER_WIDE.exec(code);
    if (hit) {
      throw new AegisError(
        'REFUSED',
        `${file.name}.sql runs ${hit[0].replace(/\s+/g, ' ').toUpperCase()}, which a scratch database on the target's server would apply to the whole server`,
        {
          hint: `trace it on the embedded engine (drop ${option('traceOn', 'server')})`,
        },
      );
    }
  }
}

function inlineAllows(files: MigrationFile[]): Map<string, InlineAllow[]> {
  const allows = new Map<string, InlineAllow[]>();
  for (const file of files) {
    const { allows: found, problems } = parseInlineAllows(readFileSync(file.path, 'utf8'));
    const problem = problems[0];
    if (problem)
      throw new AegisError('CONFIG', `${file.name}.sql:${problem.line}:${problem.column}: ${problem.message}`, {
        hint: 'fix the comment; aegis-db lint reports every one',
      });
    allows.set(file.name, found);
  }
  return allows;
}

/**
 * Traces the pending migrations of the target reached by `client` on a throwaway copy of its schema and
 * weighs what they do by the target's table sizes. The target is only read: its migrations table, its
 * schema (for drift) and its catalog statistics.
 */
export async function traceMigrationsOn(
  client: pg.ClientBase,
  target: DatabaseTarget | undefined,
  options: TraceMigrationsOptions,
): Promise<MigrationPlan> {
  const logger = options.logger ?? silentLogger;
  const traceOn = options.traceOn ?? 'embedded';
  const flags = checkAllowFlags(options.allowHazards ?? []);
  const files = loadMigrations(options.migrationsDir);
  const applied = await readApplied(client);
  const integrity = checkIntegrity(files, applied);
  if (!isClean(integrity)) throw integrityError(integrity);
  const pending = planMigrations(files, applied, { direction: 'up', count: options.count, to: options.to });
  const allows = inlineAllows(pending);
  const { production } = await readEnvironmentMark(client);
  const plan: MigrationPlan = { traceOn, production, pending: pending.map((file) => file.name), statements: [], findings: [], drift: [] };
  if (pending.length === 0) return plan;
  if (traceOn === 'server') {
    const { rows } = await client.query<{ version: string }>('SELECT version()');
    if (/PGlite/i.test(rows[0]!.version)) {
      throw new AegisError('USAGE', `${option('traceOn', 'server')} needs a PostgreSQL server target; the target is the embedded engine`, {
        hint: `drop ${option('traceOn', 'server')}, or set DATABASE_URL to a server`,
      });
    }
    refuseClusterWide(pending);
  }
  const appliedNames = new Set(applied.map((row) => row.name));
  const appliedFiles = files.filter((file) => appliedNames.has(file.name));

  logger.info(
    `tracing ${pending.length} pending migration(s) on a copy of the schema (${traceOn === 'embedded' ? 'embedded engine, in memory' : 'scratch database on the target server'})`,
  );
  const settings = migrationSessionSettings(options);
  const scratch = await openScratchCopy(target, traceOn, appliedFiles, options);
  let trace: Awaited<ReturnType<typeof traceFiles>>;
  try {
    const copy = await connect(scratch.url, {
      applicationName: 'aegis-db plan',
      connectTimeoutMs: target?.connectTimeoutMs ?? 5000,
      settings,
    });
    try {
      if (options.checkDrift ?? true) {
        // The embedded engine starts with the base extensions created (a cached cluster): one the target lacks
        // only because no migration has created it yet is not drift.
        const preCreated = new Set(traceOn === 'embedded' ? BASE_EXTENSIONS.map((name) => `extension ${name}`) : []);
        plan.drift = diffSnapshots(await dumpSchema(client), await dumpSchema(copy))
          .filter((difference) => !(preCreated.has(difference.object) && difference.removed.length === 0))
          .map((difference) => difference.object);
        if (plan.drift.length > 0)
          logger.warn(
            `the target's schema differs from its applied migrations in ${plan.drift.join(', ')}; the trace ran on the migrations' schema`,
          );
      }
      trace = await traceFiles(copy, pending);
    } finally {
      await copy.end().catch(() => {});
    }
  } finally {
    await scratch.close();
  }

  const roots = new Map<string, TableName>();
  for (const { events } of trace.traces) for (const { root } of events) if (!root.createdInFile) roots.set(sizeKey(root), root);
  const sizes = await readTargetSizes(client, [...roots.values()]);
  plan.statements = trace.traces.map((t) => t.statement);
  plan.findings = applyAllows(classifyFindings(trace.traces, sizes), flags, allows);
  if (trace.error) plan.error = trace.error;
  return plan;
}

/** traceMigrationsOn over one connection to `target`, opened with the runner's session settings. */
export async function traceMigrations(target: DatabaseTarget, options: TraceMigrationsOptions): Promise<MigrationPlan> {
  return withClient(target, (client) => traceMigrationsOn(client, target, options), {
    applicationName: 'aegis-db plan',
    settings: migrationSessionSettings(options),
  });
}
