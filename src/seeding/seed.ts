import { join } from 'node:path';
import type pg from 'pg';
import { packageRoot } from '../config/package-root.js';
import { withClient, type DatabaseTarget } from '../database/target.js';
import { AegisError } from '../errors/aegis-error.js';
import { silentLogger, type Logger } from '../logger.js';
import type { LocationSeed } from './row-schemas.js';
import { seedSchemas, type SeedTable } from './row-schemas.js';
import { checkSeedable } from './check-seedable.js';
import { seededPasswordHash } from './password-hash.js';
import { resetAppTables } from './reset-app-tables.js';
import { validateRow } from './validate-row.js';
import { stampStatusHistory, walkJobs } from './walk-jobs.js';
import { copyRows, insertRows } from './write-rows.js';
import { DATASETS, type SeedProfile } from './datasets/dataset-registry.js';
import { DEFAULT_SEED, DEMO_PASSWORD, type DemoLogin, type SeedDataset } from './seed-dataset.js';
import { parseAnchor } from './anchor.js';
import { option } from '../errors/option.js';

export { DEFAULT_SEED };
export { ANCHOR_RANGE, parseAnchor } from './anchor.js';

export type { SeedProfile };

export interface SeedOptions {
  target: DatabaseTarget;
  profile?: SeedProfile;
  /** Load profile volume multiplier (1 ≈ 1,000 users, 10,000 jobs, 1,000,000 location points). */
  scale?: number;
  seed?: number;
  /** The day every seeded time is derived from (UTC midnight); default today. Same seed + anchor = same rows. */
  anchor?: Date | string;
  /** Empty the application tables first (never drops anything). */
  reset?: boolean;
  /** Seed even a database marked as production, or with NODE_ENV=production. */
  force?: boolean;
  /** NODE_ENV to judge (default process.env.NODE_ENV). */
  nodeEnv?: string | undefined;
  migrationsDir?: string;
  /** How rows are bulk-written: COPY (servers) or multi-row INSERT batches; default: detected. */
  bulk?: 'copy' | 'insert';
  logger?: Logger;
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedProgress {
  table: string;
  done: number;
  total: number;
}

export interface SeedResult {
  profile: SeedProfile;
  seed: number;
  /** The anchor day, YYYY-MM-DD. */
  anchor: string;
  scale?: number;
  /** Rows written per table by this run (0 everywhere when the data was already there). */
  tables: Record<string, number>;
  /** True when this seed's rows were already present and nothing had to be written. */
  alreadySeeded: boolean;
  reset: boolean;
  bulk: 'copy' | 'insert';
  durationMs: number;
  rowsPerSecond: number;
  /** Demo profile: the accounts to log in with, and their (public, documented) demo password. */
  logins?: DemoLogin[];
  demoPassword?: string;
}

const DAY = 86_400_000;

async function detectBulk(client: pg.ClientBase): Promise<'copy' | 'insert'> {
  const { rows } = await client.query<{ version: string }>('SELECT version() AS version');
  // PGlite is PostgreSQL compiled with emscripten; its wire bridge serves simple queries, so batch INSERTs.
  return /emscripten|wasm/i.test(rows[0]!.version) ? 'insert' : 'copy';
}

function* validated<T>(table: SeedTable, rows: Iterable<T>): Generator<T> {
  let index = 0;
  for (const row of rows) {
    validateRow(table, row, index);
    index += 1;
    yield row;
  }
}

function columnsOf(table: SeedTable): string[] {
  return Object.keys(seedSchemas[table].shape);
}

/**
 * Fills a migrated database: the demo profile (R-7's logins and a small realistic marketplace) or the
 * load profile (realistic volumes, location_history dominant). Deterministic for a given seed and
 * anchor, idempotent, and written in one transaction: it either all lands or nothing does.
 */
export async function seed(options: SeedOptions): Promise<SeedResult> {
  seedSettings(options);
  return withClient(options.target, (client) => seedOn(client, options), {
    applicationName: 'aegis-db seed',
    settings: { TimeZone: 'UTC', statement_timeout: '0' },
  });
}

/** The options with defaults applied; throws a USAGE error before anything connects. */
function seedSettings(options: Omit<SeedOptions, 'target'>) {
  const profile = options.profile ?? 'demo';
  const seedNumber = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seedNumber) || seedNumber < 0) {
    throw new AegisError('USAGE', `the seed number must be a whole number >= 0, not "${seedNumber}"`, { hint: 'e.g. seed: 42' });
  }
  const scale = options.scale ?? 1;
  if (!(scale > 0) || scale > 100)
    throw new AegisError('USAGE', `the seed scale must be a number above 0 and at most 100, not "${scale}"`, {
      hint: 'e.g. scale: 0.1 or scale: 1',
    });
  const anchor = parseAnchor(options.anchor);
  const logger = options.logger ?? silentLogger;
  const migrationsDir = options.migrationsDir ?? join(packageRoot(), 'migrations');
  return { profile, seedNumber, scale, anchor, logger, migrationsDir };
}

/** {@link seed} on an open client; its session should use TimeZone UTC. */
export async function seedOn(client: pg.ClientBase, options: Omit<SeedOptions, 'target'>): Promise<SeedResult> {
  const started = performance.now();
  const { profile, seedNumber, scale, anchor, logger, migrationsDir } = seedSettings(options);
  await checkSeedable(client, {
    migrationsDir,
    force: Boolean(options.force),
    nodeEnv: 'nodeEnv' in options ? options.nodeEnv : process.env.NODE_ENV,
  });
  const bulk = options.bulk ?? (await detectBulk(client));

  const hashes = new Map<string, string>();
  const passwordHashFor = (email: string) => {
    if (!hashes.has(email)) hashes.set(email, seededPasswordHash(DEMO_PASSWORD, seedNumber, email));
    return hashes.get(email)!;
  };
  const dataset: SeedDataset = await DATASETS[profile]({ seed: seedNumber, anchor, passwordHashFor, scale });

  await client.query('BEGIN');
  try {
    if (options.reset) {
      const emptied = await resetAppTables(client);
      logger.info(`reset: emptied aegis-db's ${emptied.length} tables (${emptied.join(', ')}); no other table was touched`);
    }
    const tables = await write(client, dataset, { profile, bulk, anchor, onProgress: options.onProgress, logger });
    await client.query('COMMIT');
    const durationMs = performance.now() - started;
    const total = Object.values(tables).reduce((sum, rows) => sum + rows, 0);
    return {
      profile,
      seed: seedNumber,
      anchor: anchor.toISOString().slice(0, 10),
      ...(profile === 'load' ? { scale } : {}),
      tables,
      alreadySeeded: total === 0,
      reset: Boolean(options.reset),
      bulk,
      durationMs: Math.round(durationMs),
      rowsPerSecond: Math.round(total / (durationMs / 1000)),
      ...(profile === 'demo' ? { logins: dataset.logins, demoPassword: DEMO_PASSWORD } : {}),
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

interface WriteContext {
  profile: SeedProfile;
  bulk: 'copy' | 'insert';
  anchor: Date;
  onProgress: SeedOptions['onProgress'];
  logger: Logger;
}

async function write(client: pg.ClientBase, dataset: SeedDataset, context: WriteContext): Promise<Record<string, number>> {
  const counts: Record<string, number> = {
    users: 0,
    guard_profiles: 0,
    jobs: 0,
    job_status_history: 0,
    location_history: 0,
    payments: 0,
    sessions: 0,
  };
  const firstUser = dataset.users[0];
  if (firstUser) {
    const { rows } = await client.query<{ id: string; email: string }>('SELECT id, email FROM users WHERE id = $1 OR email = $2', [
      firstUser.id,
      firstUser.email,
    ]);
    const existing = rows[0];
    if (existing && existing.id !== firstUser.id) {
      throw new AegisError(
        'REFUSED',
        `the database already holds ${existing.email} with another id: it was seeded with a different ${option('seed')} or ${option('anchor')}, or holds other data`,
        {
          hint: `run aegis-db seed ${option('reset', true)} to empty the application tables first, or use the same ${option('seed')}`,
        },
      );
    }
    // Load volumes are written with COPY, which cannot skip existing rows: a complete load is recognised by its first row.
    if (existing && context.profile === 'load') return counts;
  }

  // Partitions for the anchor's 30-day window (no-op for today's anchor, which the migration covered).
  const from = new Date(context.anchor.getTime() - 31 * DAY).toISOString().slice(0, 10);
  const to = new Date(context.anchor.getTime() + 7 * DAY).toISOString().slice(0, 10);
  await client.query('SELECT count(*) FROM location_history_ensure_partitions($1::date, $2::date)', [from, to]);

  const progress = (table: string, total: number) => (done: number) => context.onProgress?.({ table, done, total });
  const put = async <T extends object>(table: SeedTable, rows: Iterable<T>, total: number, copy: boolean): Promise<string[] | number> => {
    const options = { table, columns: columnsOf(table), onRows: progress(table, total) };
    const checked = validated(table, rows) as Iterable<Record<string, unknown>>;
    const began = performance.now();
    const written = copy ? await copyRows(client, checked, options) : await insertRows(client, checked, options);
    context.logger.debug(
      `${table}: ${typeof written === 'number' ? written : written.length} rows in ${Math.round(performance.now() - began)} ms`,
    );
    return written;
  };
  const copy = context.bulk === 'copy' && context.profile === 'load';
  const countOf = (written: string[] | number) => (typeof written === 'number' ? written : written.length);

  counts.users = countOf(await put('users', dataset.users, dataset.users.length, copy));
  counts.guard_profiles = countOf(await put('guard_profiles', dataset.guardProfiles, dataset.guardProfiles.length, copy));

  // Jobs go in as requested with plain INSERTs (RETURNING tells which are new), then walk to their status.
  const inserted = (await put(
    'jobs',
    dataset.jobs.map((plan) => plan.job),
    dataset.jobs.length,
    false,
  )) as string[];
  const fresh = new Set(inserted);
  const plans = dataset.jobs.filter((plan) => fresh.has(plan.job.id));
  counts.jobs = plans.length;
  const walkStarted = performance.now();
  await walkJobs(client, plans, (step, jobs) =>
    context.logger.debug(`jobs: ${jobs} moved to ${step} (${Math.round(performance.now() - walkStarted)} ms)`),
  );

  const freshLocations = function* (): Generator<LocationSeed> {
    for (const row of dataset.locations()) if (row.job_id === null || fresh.has(row.job_id)) yield row;
  };
  counts.location_history = countOf(await put('location_history', freshLocations(), dataset.locationCount, copy));
  counts.payments = countOf(
    await put(
      'payments',
      dataset.payments.filter((p) => fresh.has(p.job_id)),
      dataset.payments.length,
      copy,
    ),
  );
  counts.sessions = countOf(await put('sessions', dataset.sessions, dataset.sessions.length, copy));

  await stampStatusHistory(client, inserted);
  const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM job_status_history WHERE job_id = ANY($1::uuid[])', [
    inserted,
  ]);
  counts.job_status_history = Number(rows[0]!.n);
  return counts;
}
