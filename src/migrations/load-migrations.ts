import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AegisError } from '../errors/aegis-error.js';
import { checkMigrationFile, isNoTransaction } from './check-migration-file.js';
import { displayPath } from './display-path.js';
import { DOWN_MARKER, UP_MARKER, type MigrationFile } from './migration-file.js';
import { option } from '../errors/option.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The text a migration is parsed, run and checksummed as: LF line endings, no byte-order mark. */
export function normalizeMigrationText(raw: string): string {
  return raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/**
 * Parses one migration file's text; throws a CONFIG error naming the file at its first broken rule. A CRLF
 * checkout (Windows) parses, runs and checksums like the LF file: the checksum is over normalized text.
 */
export function parseMigration(path: string, fileName: string, raw: string): MigrationFile {
  const text = normalizeMigrationText(raw);
  const broken = checkMigrationFile(fileName, text).find((violation) => violation.fatal);
  if (broken) throw new AegisError('CONFIG', `${displayPath(path)}: ${broken.message}`, { hint: broken.help });
  // The rules above guarantee both markers, in order.
  const upMatch = UP_MARKER.exec(text)!;
  const downMatch = DOWN_MARKER.exec(text)!;
  const upOffset = upMatch.index + upMatch[0].length;
  const downOffset = downMatch.index + downMatch[0].length;
  return {
    name: fileName.slice(0, -'.sql'.length),
    path,
    timestamp: fileName.slice(0, 14),
    up: { sql: text.slice(upOffset, downMatch.index), offset: upOffset },
    down: { sql: text.slice(downOffset), offset: downOffset },
    noTransaction: isNoTransaction(text),
    checksum: sha256(text),
    legacyChecksums: [...new Set([sha256(raw), sha256(text.replace(/\n/g, '\r\n'))])].filter((sum) => sum !== sha256(text)),
  };
}

/** The paths of the migration files in `dir`, in run order. Dot-files are ignored. */
export function listMigrationFiles(dir: string): string[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    names = readdirSync(dir);
  } catch (error) {
    throw new AegisError(
      'CONFIG',
      `migrations folder ${displayPath(dir)} does not exist (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
      {
        hint: `pass ${option('migrationsDir', 'DIR')} (or AEGIS_MIGRATIONS_DIR), or omit it to use the migrations shipped with aegis-db`,
        cause: error,
      },
    );
  }
  return names
    .filter((name) => !name.startsWith('.'))
    .sort()
    .map((name) => join(dir, name));
}

/** A migration file's text; a folder, a broken symlink or an unreadable entry is a CONFIG error naming it. */
export function readMigrationFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what =
      code === 'EISDIR'
        ? 'is a folder, not a migration file'
        : code === 'ELOOP'
          ? 'is a symbolic link loop'
          : code === 'ENOENT'
            ? 'is a symbolic link to nothing'
            : code === 'EACCES' || code === 'EPERM'
              ? 'cannot be read (permission denied)'
              : `cannot be read (${code ?? 'unreadable'})`;
    throw new AegisError('CONFIG', `${displayPath(path)} ${what}`, {
      hint: 'the migrations folder holds only YYYYMMDDHHMMSS_name.sql files (dot-files are ignored): move or remove it',
      cause: error,
    });
  }
}

/** Reads and checks every migration in `dir`, in order. */
export function loadMigrations(dir: string): MigrationFile[] {
  const files = listMigrationFiles(dir).map((path) => parseMigration(path, basename(path), readMigrationFile(path)));
  for (let i = 1; i < files.length; i += 1) {
    if (files[i]!.timestamp === files[i - 1]!.timestamp) {
      throw new AegisError('CONFIG', `${files[i - 1]!.name}.sql and ${files[i]!.name}.sql share the timestamp ${files[i]!.timestamp}`, {
        hint: 'give each migration its own timestamp so their order is unambiguous',
      });
    }
  }
  return files;
}
