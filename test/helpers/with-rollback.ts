import type pg from 'pg';
import type { TestDatabase } from './engines.js';

/**
 * Runs `work` on one dedicated connection inside BEGIN … ROLLBACK, so a test's rows, settings and
 * role switches never reach the next test. The embedded engine serves every connection on one
 * backend session: a single client per test keeps its statements in one transaction there too.
 */
export async function withRollback<T>(db: TestDatabase, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    return await work(client);
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    client.release();
  }
}
