import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AegisError } from '../errors/aegis-error.js';
import type { LintViolation } from './lint-violation.js';

/**
 * Rules switched off for every file: the runner itself sets lock_timeout and statement_timeout on the
 * migration session (see migrationSessionSettings), so repeating them in each file would be noise.
 */
export const EXCLUDED_SQUAWK_RULES = ['require-lock-timeout', 'require-statement-timeout'] as const;

interface SquawkReport {
  file: string;
  line: number;
  column: number;
  message: string;
  help: string | null;
  rule_name: string;
}

function squawkBin(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('squawk-cli/package.json')), 'js', 'bin', 'squawk');
  } catch (error) {
    throw new AegisError('PREREQUISITE', 'the squawk-cli package is not installed', {
      hint: 'run npm install (squawk-cli is a dependency of aegis-db)',
      cause: error,
    });
  }
}

/**
 * Runs squawk over one SQL text (fed on stdin, reported under `file`). `inTransaction` tells squawk the
 * runner wraps the file in a transaction, which changes which rules apply (e.g. CONCURRENTLY).
 */
export function runSquawk(file: string, sql: string, inTransaction: boolean): Promise<LintViolation[]> {
  const args = [squawkBin(), '--reporter', 'json', '--stdin-filepath', file, `--exclude=${EXCLUDED_SQUAWK_RULES.join(',')}`];
  if (inTransaction) args.push('--assume-in-transaction');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) =>
      reject(
        new AegisError('PREREQUISITE', `cannot run squawk: ${error.message}`, { hint: 'reinstall aegis-db (npm install)', cause: error }),
      ),
    );
    child.on('close', (code) => {
      let reports: SquawkReport[];
      try {
        reports = stdout.trim() ? (JSON.parse(stdout) as SquawkReport[]) : [];
      } catch {
        reject(new AegisError('INTERNAL', `squawk exited with ${code} and no readable report: ${(stderr || stdout).trim().slice(0, 300)}`));
        return;
      }
      if (code !== 0 && code !== 1) {
        reject(new AegisError('INTERNAL', `squawk exited with ${code}: ${stderr.trim().slice(0, 300)}`));
        return;
      }
      resolve(
        reports.map((report) => ({
          file,
          line: report.line + 1,
          column: report.column + 1,
          rule: report.rule_name,
          message: report.message,
          help: report.help ?? undefined,
          source: 'squawk' as const,
        })),
      );
    });
    child.stdin.on('error', () => {});
    child.stdin.end(sql);
  });
}
