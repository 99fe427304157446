import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { AegisError } from '../../errors/aegis-error.js';
import { splitStatements } from '../../sql-text/split-statements.js';
import { lineColumn } from '../code-frame.js';
import { migrationError } from '../migrate.js';
import type { MigrationFile } from '../migration-file.js';
import { readCatalogSnapshot } from './catalog-snapshot.js';
import type { TracedStatement } from './plan-report.js';
import { statementChanges, type TraceEvent } from './statement-changes.js';

/** One traced statement with what classification needs beside the report. */
export interface StatementTrace {
  statement: TracedStatement;
  events: TraceEvent[];
  /** lock_timeout was 0 before or after it: the runner's lock timeout did not bound its waits. */
  withoutLockTimeout: boolean;
  /** Position in its file (0-based) and how many statements the file holds. */
  index: number;
  fileStatements: number;
}

export interface FilesTrace {
  traces: StatementTrace[];
  error?: AegisError;
}

/** Where the statement's code starts, past leading comments and blank lines. */
function codeStart(text: string): number {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i += 1;
    if (text.startsWith('--', i)) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
    } else {
      return i;
    }
  }
}

function withoutComments(text: string): string {
  return text.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
}

/**
 * Runs each file as the runner would (its own transaction, or none for a no-transaction file), one
 * statement at a time, reading the catalog and this session's pg_locks after each, while its transaction
 * still holds them. Stops at the first failing statement, rolling back its file.
 */
export async function traceFiles(client: pg.ClientBase, files: MigrationFile[]): Promise<FilesTrace> {
  const traces: StatementTrace[] = [];
  for (const file of files) {
    const text = readFileSync(file.path, 'utf8');
    const statements = splitStatements(file.up.sql);
    const inTransaction = !file.noTransaction;
    const fileStart = await readCatalogSnapshot(client);
    let before = fileStart;
    if (inTransaction) await client.query('BEGIN');
    for (const [index, statement] of statements.entries()) {
      const raw = file.up.sql.slice(statement.offset);
      const lead = raw.length - raw.trimStart().length;
      const start = codeStart(statement.text);
      const { line } = lineColumn(text, file.up.offset + statement.offset + lead + start);
      const started = performance.now();
      try {
        await client.query(statement.text);
      } catch (error) {
        if (inTransaction) await client.query('ROLLBACK').catch(() => {});
        // The server's position is within the statement sent; the error mapping expects it within the Up section.
        const position = Number((error as { position?: string }).position);
        const located =
          position > 0
            ? Object.assign(Object.create(Object.getPrototypeOf(error) as object) as object, error, { position: String(lead + position) })
            : error;
        return { traces, error: migrationError(located, file, 'up', text) };
      }
      const durationMs = Math.round((performance.now() - started) * 10) / 10;
      const after = await readCatalogSnapshot(client);
      const concurrently = /\bCONCURRENTLY\b/i.test(withoutComments(statement.text));
      const changes = statementChanges(fileStart, before, after, { inTransaction, concurrently });
      traces.push({
        statement: {
          file: file.name,
          line,
          firstLine: statement.text.slice(start).split('\n')[0]!.trim(),
          durationMs,
          inTransaction,
          ...changes.report,
          lockTimeout: before.lockTimeout,
        },
        events: changes.events,
        withoutLockTimeout: before.lockTimeout === '0' || after.lockTimeout === '0',
        index,
        fileStatements: statements.length,
      });
      before = after;
    }
    if (inTransaction) {
      try {
        await client.query('COMMIT');
      } catch (error) {
        // A deferred constraint fails at commit, as it would in the real run.
        await client.query('ROLLBACK').catch(() => {});
        return { traces, error: migrationError(error, file, 'up', text) };
      }
    }
  }
  return { traces };
}
