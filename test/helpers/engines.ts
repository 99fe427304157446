import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../../src/testing/create-test-database.js';
import { dumpSchema } from '../../src/schema-snapshot/dump-schema.js';

export type { TestDatabase };

export const MIGRATIONS_DIR = join(import.meta.dirname, '..', '..', 'migrations');

/** An engine every integration suite runs on. */
export interface TestEngine {
  name: 'embedded' | 'server';
  /** A fresh database with every migration applied. */
  migrated(): Promise<TestDatabase>;
  /** A fresh database with nothing applied. */
  empty(): Promise<TestDatabase>;
}

/** The server under test, when AEGIS_TEST_DATABASE_URL names one (tests create and drop scratch databases on it). */
export const serverUrl: string | undefined = process.env.AEGIS_TEST_DATABASE_URL || undefined;

/** The embedded engine always; a server when AEGIS_TEST_DATABASE_URL is set. */
export function engines(): TestEngine[] {
  const list: TestEngine[] = [
    {
      name: 'embedded',
      migrated: () => createTestDatabase({ migrationsDir: MIGRATIONS_DIR }),
      empty: () => createTestDatabase({ migrate: false }),
    },
  ];
  if (serverUrl) {
    list.push({
      name: 'server',
      migrated: () => createTestDatabase({ url: serverUrl, migrationsDir: MIGRATIONS_DIR }),
      empty: () => createTestDatabase({ url: serverUrl, migrate: false }),
    });
  }
  return list;
}

/** The normalized schema snapshot of a test database. */
export async function schemaSnapshot(db: TestDatabase): Promise<string> {
  const client = await db.pool.connect();
  try {
    return await dumpSchema(client);
  } finally {
    client.release();
  }
}
