import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AegisError } from '../errors/aegis-error.js';
import { splitStatements } from '../sql-text/split-statements.js';
import { DOWN_MARKER, MIGRATION_NAME, NO_TRANSACTION_HEADER, UP_MARKER, type MigrationFile } from './migration-file.js';

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

/** Parses one migration file's text; throws a CONFIG error naming the file when it is malformed. */
export function parseMigration(path: string, fileName: string, text: string): MigrationFile {
  const match = MIGRATION_NAME.exec(fileName);
  if (!match) {
    throw new AegisError('CONFIG', `${display(path)}: cannot parse the migration file name "${fileName}"`, {
      hint: 'name migrations YYYYMMDDHHMMSS_snake_case_name.sql (aegis-db migrate create NAME makes one)',
    });
  }
  const upMatch = UP_MARKER.exec(text);
  const downMatch = DOWN_MARKER.exec(text);
  if (!upMatch) {
    throw new AegisError('CONFIG', `${display(path)}: no "-- Up Migration" line`, {
      hint: 'start the forward SQL with a line "-- Up Migration"',
    });
  }
  if (!downMatch) {
    throw new AegisError('CONFIG', `${display(path)}: no "-- Down Migration" section; every migration must be reversible`, {
      hint: 'add a line "-- Down Migration" followed by the SQL that reverts the Up section',
    });
  }
  if (downMatch.index < upMatch.index) {
    throw new AegisError('CONFIG', `${display(path)}: the Down section comes before the Up section`, {
      hint: 'put "-- Up Migration" first, then "-- Down Migration"',
    });
  }
  const upOffset = upMatch.index + upMatch[0].length;
  const downOffset = downMatch.index + downMatch[0].length;
  const up = { sql: text.slice(upOffset, downMatch.index), offset: upOffset };
  const down = { sql: text.slice(downOffset), offset: downOffset };
  if (splitStatements(down.sql).length === 0) {
    throw new AegisError('CONFIG', `${display(path)}: the Down section is empty; every migration must be reversible`, {
      hint: 'write the SQL that reverts the Up section under "-- Down Migration"',
    });
  }
  const noTransaction = NO_TRANSACTION_HEADER.test(text.slice(0, upMatch.index));
  if (noTransaction) {
    for (const [section, what] of [[up, 'Up'], [down, 'Down']] as const) {
      const count = splitStatements(section.sql).length;
      if (count !== 1) {
        throw new AegisError('CONFIG', `${display(path)}: a no-transaction migration must hold exactly one statement per section, its ${what} section holds ${count}`, {
          hint: 'split it into one file per statement, so a failure half-way can be re-run safely',
        });
      }
    }
  }
  return {
    name: fileName.slice(0, -'.sql'.length),
    path,
    timestamp: match[1]!,
    up,
    down,
    noTransaction,
    checksum: createHash('sha256').update(text).digest('hex'),
  };
}

/** Reads and checks every migration in `dir`, in order. Dot-files are ignored. */
export function loadMigrations(dir: string): MigrationFile[] {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    entries = readdirSync(dir);
  } catch (error) {
    throw new AegisError('CONFIG', `migrations folder ${display(dir)} does not exist (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, {
      hint: 'pass --migrations-dir DIR (or AEGIS_MIGRATIONS_DIR), or omit it to use the migrations shipped with aegis-db',
      cause: error,
    });
  }
  const files = entries
    .filter((name) => !name.startsWith('.'))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      return parseMigration(path, name, readFileSync(path, 'utf8'));
    });
  for (let i = 1; i < files.length; i += 1) {
    if (files[i]!.timestamp === files[i - 1]!.timestamp) {
      throw new AegisError('CONFIG', `${files[i - 1]!.name}.sql and ${files[i]!.name}.sql share the timestamp ${files[i]!.timestamp}`, {
        hint: 'give each migration its own timestamp so their order is unambiguous',
      });
    }
  }
  return files;
}
