import type pg from 'pg';
import type { TestDatabase } from './create-test-database.js';

/**
 * Runs `work` on one dedicated connection inside BEGIN … ROLLBACK, so a test's rows, settings and role
 * switches never reach the next test. Use the client it gives for every statement of the test: on the
 * embedded engine all connections share one backend, and another connection waits until the
 * transaction ends.
 */
export async function withRollback<T>(db: Pick<TestDatabase, 'pool'>, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    return await work(client);
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    client.release();
  }
}

type Hook = (fn: () => Promise<void>) => unknown;

export interface RollbackEachTest {
  /** The current test's connection, inside its transaction. */
  readonly client: pg.PoolClient;
  /** Shorthand for client.query. */
  query: pg.PoolClient['query'];
}

/**
 * Wraps every test of a suite in a transaction rolled back after it: pass the test runner's own hooks
 * (vitest's or node:test's beforeEach/afterEach) and the database (a function, as it is usually created
 * in beforeAll). Inside a test, run statements on `.client` (or `.query`); SAVEPOINTs work as usual.
 */
export function rollbackEachTest(
  database: () => Pick<TestDatabase, 'pool'>,
  hooks: { beforeEach: Hook; afterEach: Hook },
): RollbackEachTest {
  let current: pg.PoolClient | undefined;
  hooks.beforeEach(async () => {
    const client = await database().pool.connect();
    try {
      await client.query('BEGIN');
    } catch (error) {
      client.release(true);
      throw error;
    }
    current = client;
  });
  hooks.afterEach(async () => {
    const client = current;
    current = undefined;
    if (!client) return;
    try {
      await client.query('ROLLBACK');
      client.release();
    } catch (error) {
      client.release(true);
      throw error;
    }
  });
  const active = () => {
    if (!current) throw new Error('rollbackEachTest: no test is running (use .client inside a test, not at load time)');
    return current;
  };
  return {
    get client() {
      return active();
    },
    query: ((...args: Parameters<pg.PoolClient['query']>) =>
      (active().query as (...a: unknown[]) => unknown)(...args)) as pg.PoolClient['query'],
  };
}
