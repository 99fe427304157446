import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AegisError } from '../errors/aegis-error.js';
import { loadMigrations } from './load-migrations.js';

function utcStamp(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}

const TEMPLATE = `-- Up Migration
-- One change per file. This file runs in its own transaction; to run outside one (CREATE INDEX
-- CONCURRENTLY, ALTER TYPE ... ADD VALUE), put "-- aegis:no-transaction" above and keep a single statement.


-- Down Migration
-- The exact reverse of the Up section: every migration must be reversible.

`;

/** Writes a new migration from the template; its timestamp sorts after every existing file. */
export function createMigration(dir: string, rawName: string, now = new Date()): string {
  const name = rawName.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (!/^[a-z0-9]+(?:_[a-z0-9]+)*$/.test(name)) {
    throw new AegisError('USAGE', `"${rawName}" is not a usable migration name`, { hint: 'use letters, digits and underscores, e.g. add_job_ratings' });
  }
  mkdirSync(dir, { recursive: true });
  const existing = existsSync(dir) ? loadMigrations(dir) : [];
  let stamp = utcStamp(now);
  const last = existing.at(-1)?.timestamp;
  if (last && stamp <= last) stamp = String(BigInt(last) + 1n);
  const path = join(dir, `${stamp}_${name}.sql`);
  writeFileSync(path, TEMPLATE, { flag: 'wx' });
  return path;
}
