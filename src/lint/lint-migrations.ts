import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { AegisError } from '../errors/aegis-error.js';
import { checkOwnRules, isNoTransaction, upPart } from './own-rules.js';
import { runSquawk } from './run-squawk.js';
import type { LintViolation } from './lint-violation.js';

export interface LintResult {
  files: string[];
  violations: LintViolation[];
}

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

function migrationPaths(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => !name.startsWith('.'))
      .sort()
      .map((name) => join(dir, name));
  } catch (error) {
    throw new AegisError('CONFIG', `migrations folder ${display(dir)} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, {
      hint: 'pass --migrations-dir DIR, or name the files to lint',
      cause: error,
    });
  }
}

/**
 * Lints migration files (the given ones, or every file in `migrationsDir`): squawk over each Up section,
 * told whether the runner wraps it in a transaction, plus aegis-db's own rules.
 */
export async function lintMigrations(options: { migrationsDir: string; files?: string[] }): Promise<LintResult> {
  const paths = options.files && options.files.length > 0 ? options.files : migrationPaths(options.migrationsDir);
  const texts = paths.map((path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new AegisError('NOT_FOUND', `cannot read ${display(path)} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, { hint: 'check the path', cause: error });
    }
  });
  const violations: LintViolation[] = paths.flatMap((path, i) => checkOwnRules(display(path), basename(path), texts[i]!));
  // squawk starts a process per file: run a few at once, so linting stays quick as migrations accumulate.
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < paths.length; i = next++) {
      violations.push(...(await runSquawk(display(paths[i]!), upPart(texts[i]!), !isNoTransaction(texts[i]!))));
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, paths.length) }, worker));
  violations.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { files: paths.map(display), violations };
}
