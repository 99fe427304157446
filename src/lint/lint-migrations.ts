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
  const violations: LintViolation[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new AegisError('NOT_FOUND', `cannot read ${display(path)} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, { hint: 'check the path', cause: error });
    }
    const file = display(path);
    violations.push(...checkOwnRules(file, basename(path), text));
    violations.push(...(await runSquawk(file, upPart(text), !isNoTransaction(text))));
  }
  violations.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { files: paths.map(display), violations };
}
