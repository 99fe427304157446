import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { AegisError } from '../errors/aegis-error.js';
import { checkMigrationFile, isNoTransaction, upPart } from '../migrations/check-migration-file.js';
import { displayPath } from '../migrations/display-path.js';
import { listMigrationFiles } from '../migrations/load-migrations.js';
import { runSquawk } from './run-squawk.js';
import type { LintViolation } from './lint-violation.js';

export interface LintResult {
  files: string[];
  violations: LintViolation[];
}

/** aegis-db's own rules for one file, as lint reports them. */
export function checkOwnRules(file: string, fileName: string, text: string): LintViolation[] {
  return checkMigrationFile(fileName, text).map(({ line, column, rule, message, help }) => ({
    file,
    line,
    column,
    rule,
    message,
    help,
    source: 'aegis-db',
  }));
}

/**
 * Lints migration files (the given ones, or every file in `migrationsDir`): squawk over each Up section,
 * told whether the runner wraps it in a transaction, plus aegis-db's own rules.
 */
export async function lintMigrations(options: { migrationsDir: string; files?: string[] }): Promise<LintResult> {
  const paths = options.files && options.files.length > 0 ? options.files : listMigrationFiles(options.migrationsDir);
  const texts = paths.map((path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new AegisError('NOT_FOUND', `cannot read ${displayPath(path)} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, {
        hint: 'check the path',
        cause: error,
      });
    }
  });
  const violations: LintViolation[] = paths.flatMap((path, i) => checkOwnRules(displayPath(path), basename(path), texts[i]!));
  // squawk starts a process per file: run a few at once, so linting stays quick as migrations accumulate.
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < paths.length; i = next++) {
      violations.push(...(await runSquawk(displayPath(paths[i]!), upPart(texts[i]!), !isNoTransaction(texts[i]!))));
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, paths.length) }, worker));
  violations.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { files: paths.map(displayPath), violations };
}
