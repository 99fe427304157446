import type pg from 'pg';

/** The fields of a PostgreSQL error that the schema's contract is stated in. */
export interface PgFailure {
  code: string | undefined;
  constraint: string | undefined;
  table: string | undefined;
  column: string | undefined;
  message: string;
  detail: string | undefined;
}

let savepoints = 0;

/**
 * Runs one statement inside a savepoint of the caller's open transaction and returns the error it
 * raised (throwing if it succeeded), leaving the transaction usable for the next statement.
 */
export async function pgFailure(client: pg.ClientBase, sql: string, params: unknown[] = []): Promise<PgFailure> {
  const savepoint = `pg_failure_${++savepoints}`;
  await client.query(`SAVEPOINT ${savepoint}`);
  try {
    await client.query(sql, params);
  } catch (error) {
    await client.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
    const e = error as pg.DatabaseError;
    return { code: e.code, constraint: e.constraint, table: e.table, column: e.column, message: e.message, detail: e.detail };
  }
  await client.query(`RELEASE SAVEPOINT ${savepoint}`);
  throw new Error(`expected the statement to fail, but it succeeded: ${sql}`);
}
