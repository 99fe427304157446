import { join } from 'node:path';
import type pg from 'pg';
import { packageRoot } from '../../config/package-root.js';
import { AegisError } from '../../errors/aegis-error.js';
import { describeQueries, type QueryFailure } from '../../queries/describe-queries.js';
import { loadQueryFiles } from '../../queries/load-query-files.js';
import type { QueryModel } from '../../queries/query-model.js';

/** The package's own named queries. */
export function defaultSqlDir(): string {
  return join(packageRoot(), 'sql');
}

function failureError(failures: QueryFailure[]): AegisError {
  const [first, ...others] = failures as [QueryFailure, ...QueryFailure[]];
  const more = others.length > 0 ? ` (and ${others.length} more: ${others.map((f) => f.file).join(', ')})` : '';
  return new AegisError('INTEGRITY', `${first.file}:${first.line}:${first.column}: ${first.message}${more}`, {
    hint: 'the named query no longer prepares against the migrated schema: fix the query (or the migration that broke it), then run `aegis-db types`',
    detail: failures.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message}\n${f.frame}`).join('\n\n'),
  });
}

/** Describes every `*.sql` of `sqlDir` against the connected schema; throws (INTEGRITY) naming each query that does not prepare. */
export async function describeNamedQueries(client: pg.ClientBase, sqlDir: string = defaultSqlDir()): Promise<QueryModel> {
  const { model, failures } = await describeQueries(client, loadQueryFiles(sqlDir));
  if (failures.length > 0) throw failureError(failures);
  return model;
}
