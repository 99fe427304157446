import { join } from 'node:path';
import { prepareTestDatabases } from '../../src/testing/prepare.js';

/** Builds the migrated embedded snapshot (and the server's template) once, before the workers start, so none of them races to build it. */
export default async function setup(): Promise<void> {
  const migrationsDir = join(import.meta.dirname, '..', '..', 'migrations');
  await prepareTestDatabases({ migrationsDir });
  const url = process.env.AEGIS_TEST_DATABASE_URL;
  if (url) await prepareTestDatabases({ url, migrationsDir });
}
