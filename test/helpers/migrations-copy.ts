import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS_DIR } from './engines.js';

/** A temporary migrations folder holding exactly `files` (name → text). */
export function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'aegis-migrations-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A temporary migrations folder: the shipped migrations plus `extra` files (name → text). */
export function migrationsCopy(extra: Record<string, string> = {}): string {
  const dir = migrationsDir(extra);
  for (const file of readdirSync(MIGRATIONS_DIR)) copyFileSync(join(MIGRATIONS_DIR, file), join(dir, file));
  return dir;
}
