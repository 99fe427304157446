import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { withDatabase } from '../database/target.js';
import { AegisError } from '../errors/aegis-error.js';

/**
 * Template databases on a server, as pgtestdb and IntegreSQL do it: one migrated (optionally seeded)
 * database per migration set, built once under an advisory lock, then cloned with CREATE DATABASE …
 * TEMPLATE for every test database. A few spare clones are kept made ahead, so a call usually only
 * renames one (a clone takes a few hundred milliseconds on a busy server; a rename a few).
 */

export interface TemplateSpec {
  /** Content hash of what the template holds (migrations, seed profile, day): part of its name. */
  key: string;
  /** What the template is for (the migrations folder and seed profile): a newer key of one family replaces the older. */
  family: string;
  /** Fills the freshly created template database at `url`. */
  build(url: string): Promise<void>;
}

export interface Template {
  name: string;
  /** This call built it (the others waited for it, or found it made). */
  built: boolean;
}

/** Templates of other families unused for this long are dropped by the next build. */
const UNUSED_TEMPLATE_MS = 2 * 24 * 3600_000;
/** Spare clones kept made ahead per template (shared by every process using the server). */
const SPARES = 1;
/** advisory-lock class of template builds (the second key is hashtext of the template's name). */
const LOCK_CLASS = 0x61656764; // "aegd"

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function templateName(key: string): string {
  return `aegis_tpl_${key}`;
}

function spareName(key: string): string {
  return `aegis_spare_${key}_${randomBytes(4).toString('hex')}`;
}

export function testDatabaseName(): string {
  return `aegis_test_${randomBytes(6).toString('hex')}`;
}

const pools = new Map<string, pg.Pool>();

/** One small pool per server for the bookkeeping statements; it lets the process exit when idle. */
export function adminPool(url: string): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({
      connectionString: url,
      max: 4,
      idleTimeoutMillis: 2000,
      allowExitOnIdle: true,
      application_name: 'aegis-db testing',
    });
    pool.on('error', () => {});
    pools.set(url, pool);
  }
  return pool;
}

interface Comment {
  family: string;
  key: string;
  builtAt: string;
}

function parseComment(text: string | null): Comment | undefined {
  try {
    const parsed = JSON.parse(text ?? '') as Partial<Comment>;
    return typeof parsed.family === 'string' && typeof parsed.key === 'string' ? (parsed as Comment) : undefined;
  } catch {
    return undefined;
  }
}

async function isReady(client: pg.ClientBase | pg.Pool, name: string): Promise<boolean> {
  const { rows } = await client.query<{ ready: boolean }>('SELECT datistemplate AS ready FROM pg_catalog.pg_database WHERE datname = $1', [
    name,
  ]);
  return rows[0]?.ready === true;
}

export async function dropDatabase(client: pg.ClientBase | pg.Pool, name: string): Promise<void> {
  await client.query(`ALTER DATABASE ${quoteIdent(name)} WITH IS_TEMPLATE false`).catch(() => {});
  await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
}

/**
 * The template for `spec` on the server at `url`, built when missing. Racing callers (several test
 * workers) serialize on an advisory lock: the first builds, the others wait and find it ready. A template
 * is only marked ready (IS_TEMPLATE, no connections) once complete, so a builder that died half-way leaves
 * a database the next builder drops and rebuilds.
 */
export async function ensureTemplate(url: string, spec: TemplateSpec): Promise<Template> {
  const name = templateName(spec.key);
  const pool = adminPool(url);
  if (await isReady(pool, name)) return { name, built: false };
  // The lock is held on one connection for the whole build (advisory locks are per database: every caller uses `url`'s).
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_CLASS, name]);
    try {
      if (await isReady(client, name)) return { name, built: false };
      await dropDatabase(client, name);
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      try {
        await spec.build(withDatabase(url, name));
      } catch (error) {
        await dropDatabase(client, name).catch(() => {});
        throw error;
      }
      const comment: Comment = { family: spec.family, key: spec.key, builtAt: new Date().toISOString() };
      await client.query(`COMMENT ON DATABASE ${quoteIdent(name)} IS ${pg.escapeLiteral(JSON.stringify(comment))}`);
      await client.query(`ALTER DATABASE ${quoteIdent(name)} WITH ALLOW_CONNECTIONS false IS_TEMPLATE true`);
      await dropStaleTemplates(client, comment);
      return { name, built: true };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS, name]).catch(() => {});
    }
  } finally {
    client.release();
  }
}

/** Older templates of the same family (and their spares), and other families' templates unused for days. */
async function dropStaleTemplates(client: pg.ClientBase, current: Comment): Promise<void> {
  const { rows } = await client.query<{ datname: string; comment: string | null }>(
    `SELECT d.datname, pg_catalog.shobj_description(d.oid, 'pg_database') AS comment
       FROM pg_catalog.pg_database d WHERE d.datname LIKE 'aegis\\_tpl\\_%'`,
  );
  for (const row of rows) {
    const comment = parseComment(row.comment);
    if (!comment) {
      // Half-built (its builder died): dropped unless a builder holds its lock right now.
      const { rows: free } = await client.query<{ free: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS free', [
        LOCK_CLASS,
        row.datname,
      ]);
      if (free[0]!.free) {
        await dropDatabase(client, row.datname).catch(() => {});
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS, row.datname]);
      }
      continue;
    }
    if (comment.key === current.key) continue;
    const stale = comment.family === current.family || Date.now() - Date.parse(comment.builtAt) > UNUSED_TEMPLATE_MS;
    if (!stale) continue;
    await dropDatabase(client, row.datname).catch(() => {});
    const spares = await client.query<{ datname: string }>(`SELECT datname FROM pg_catalog.pg_database WHERE datname LIKE $1`, [
      `aegis\\_spare\\_${comment.key}\\_%`,
    ]);
    for (const spare of spares.rows) await dropDatabase(client, spare.datname).catch(() => {});
  }
}

/** Clones the template into a new database named `name`. */
async function cloneInto(pool: pg.Pool, template: string, name: string): Promise<void> {
  await pool.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)} STRATEGY WAL_LOG`);
}

const replenishing = new Map<string, Promise<void>>();

/** Makes spare clones until SPARES exist (in the background; a failure only means the next call clones itself). */
function replenish(url: string, key: string): Promise<void> {
  const running = replenishing.get(key);
  if (running) return running;
  const work = (async () => {
    const pool = adminPool(url);
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_catalog.pg_database WHERE datname LIKE $1`, [
      `aegis\\_spare\\_${key}\\_%`,
    ]);
    for (let n = rows[0]!.n; n < SPARES; n++) await cloneInto(pool, templateName(key), spareName(key));
  })()
    .catch(() => {})
    .finally(() => replenishing.delete(key));
  replenishing.set(key, work);
  return work;
}

/** Makes the spare clones of template `key` now and waits for them (a suite's global setup). */
export async function prepareSpares(url: string, key: string): Promise<void> {
  await replenish(url, key);
}

/** Waits for spare clones being made by this process (a benchmark or a suite's teardown). */
export async function settleSpares(): Promise<void> {
  await Promise.all(replenishing.values());
}

/**
 * A new database cloned from the template `key` on the server at `url`, named `name`: a spare renamed
 * when one is ready (a rename is atomic, so two processes never get the same spare), else a clone.
 */
export async function cloneTemplate(url: string, key: string, name: string): Promise<void> {
  const pool = adminPool(url);
  const { rows } = await pool.query<{ datname: string }>(
    `SELECT datname FROM pg_catalog.pg_database WHERE datname LIKE $1 ORDER BY random()`,
    [`aegis\\_spare\\_${key}\\_%`],
  );
  let claimed = false;
  for (const { datname } of rows) {
    try {
      await pool.query(`ALTER DATABASE ${quoteIdent(datname)} RENAME TO ${quoteIdent(name)}`);
      claimed = true;
      break;
    } catch {
      // Another process took it first (or it was dropped with a stale template): try the next one.
    }
  }
  if (!claimed) {
    try {
      await cloneInto(pool, templateName(key), name);
    } catch (error) {
      throw new AegisError(
        'INTERNAL',
        `cannot clone the test template ${templateName(key)}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
  void replenish(url, key);
}
