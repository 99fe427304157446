import type pg from 'pg';
import { AegisError } from '../../errors/aegis-error.js';
import { readEnvironmentMark } from '../../database/environment-mark.js';
import type { DatabaseTarget } from '../../database/target.js';
import { blockingFindings, type MigrationPlan, type TraceOn } from './plan-report.js';
import type { TraceMigrationsOptions } from './trace-migrations.js';
import { option } from '../../errors/option.js';

/** How `migrate up` gates on the plan's hazards. */
export interface HazardGate {
  /** always: trace every run; production: only when the target is marked aegis.environment = 'production'. */
  when: 'always' | 'production';
  /** Hazard ids allowed in every file (--allow-hazard). */
  allow?: readonly string[];
  traceOn?: TraceOn;
}

/**
 * Traces what `migrate up` is about to apply and refuses (HAZARD) when it finds hazards that are not
 * allowed, before anything is applied. Returns the plan when it traced, undefined when the gate did not apply.
 */
export async function enforceHazardGate(
  client: pg.ClientBase,
  target: DatabaseTarget | undefined,
  gate: HazardGate,
  options: Omit<TraceMigrationsOptions, 'allowHazards' | 'traceOn'>,
): Promise<MigrationPlan | undefined> {
  if (gate.when === 'production' && !(await readEnvironmentMark(client)).production) return undefined;
  // The tracer (a scratch copy, schema snapshots, diffs) loads only when the gate applies.
  const { traceMigrationsOn } = await import('./trace-migrations.js');
  const plan = await traceMigrationsOn(client, target, {
    ...options,
    allowHazards: gate.allow ?? [],
    ...(gate.traceOn ? { traceOn: gate.traceOn } : {}),
  });
  if (plan.error) {
    throw new AegisError(plan.error.code, `the trace of the pending migrations failed, nothing was applied: ${plan.error.text.message}`, {
      hint: plan.error.text.hint ?? 'fix the migration; aegis-db migrate plan shows the trace',
      ...(plan.error.detail ? { detail: plan.error.detail } : {}),
    });
  }
  const blocking = blockingFindings(plan);
  if (blocking.length > 0) {
    const why = gate.when === 'production' || plan.production ? 'the database is marked production' : 'the hazard gate is on';
    throw new AegisError('HAZARD', `refusing to migrate: ${blocking.length} hazard(s) not allowed and ${why}; nothing was applied`, {
      hint: `review them with aegis-db migrate plan; allow one with ${option('allowHazards', 'ID')}, or in its file with -- aegis:allow-hazard ID -- why it is safe`,
      detail: blocking.map((f) => `  ${f.id}  ${f.file}.sql:${f.line}  ${f.message}`).join('\n'),
    });
  }
  return plan;
}
