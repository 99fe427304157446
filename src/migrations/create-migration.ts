import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AegisError } from '../errors/aegis-error.js';
import { listMigrationFiles } from './load-migrations.js';
import { displayPath } from './display-path.js';
import { option } from '../errors/option.js';

function utcStamp(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}

const TEMPLATE = `-- Up Migration
-- One change per file. This file runs in its own transaction; to run outside one (CREATE INDEX
-- CONCURRENTLY, ALTER TYPE ... ADD VALUE), put "-- aegis:no-transaction" above and keep a single statement.


-- Down Migration
-- The exact reverse of the Up section: every migration must be reversible.

`;

/** The longest name `migrate create` accepts: file names stay readable and far below the 255-byte limit. */
export const MAX_MIGRATION_NAME = 100;

function folderError(dir: string, error: unknown): AegisError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unwritable';
  return new AegisError('CONFIG', `cannot write a migration into ${displayPath(dir)} (${code})`, {
    hint: `pass ${option('migrationsDir', 'DIR')} (or AEGIS_MIGRATIONS_DIR) naming a folder you can write to`,
    cause: error,
  });
}

/**
 * Writes a new migration from the template; its timestamp sorts after every existing file (the files are
 * only listed, not parsed: an unfinished template does not block the next one). Two runs in the same
 * second get consecutive timestamps.
 */
export function createMigration(dir: string, rawName: string, now = new Date()): string {
  const name = rawName
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (!/^[a-z0-9]+(?:_[a-z0-9]+)*$/.test(name)) {
    throw new AegisError('USAGE', `"${rawName}" is not a usable migration name`, {
      hint: 'use letters, digits and underscores, e.g. add_job_ratings',
    });
  }
  if (name.length > MAX_MIGRATION_NAME) {
    throw new AegisError('USAGE', `the migration name is ${name.length} characters long; at most ${MAX_MIGRATION_NAME} are allowed`, {
      hint: 'name the change in a few words, e.g. add_job_ratings',
    });
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw folderError(dir, error);
  }
  const stamps = (existsSync(dir) ? listMigrationFiles(dir) : [])
    .map((path) => /^(\d{14})_/.exec(basename(path))?.[1])
    .filter((stamp) => stamp !== undefined);
  let stamp = utcStamp(now);
  const last = stamps.sort().at(-1);
  if (last && stamp <= last) stamp = String(BigInt(last) + 1n);
  for (let attempt = 0; ; attempt += 1) {
    const path = join(dir, `${stamp}_${name}.sql`);
    try {
      writeFileSync(path, TEMPLATE, { flag: 'wx' });
      return path;
    } catch (error) {
      // Another run took this timestamp a moment ago: take the next second.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 100) {
        stamp = String(BigInt(stamp) + 1n);
        continue;
      }
      throw folderError(dir, error);
    }
  }
}
