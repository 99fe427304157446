import { join, resolve } from 'node:path';
import { packageRoot } from '../config/package-root.js';
import { templateSpec, type TestDatabaseOptions } from './create-test-database.js';
import { migratedSnapshot } from '../migrations/migrated-snapshot.js';
import { ensureTemplate, prepareSpares } from './server-template.js';

/**
 * Builds once, before the test workers start, what createTestDatabase() with the same options starts
 * from: the migrated snapshot (embedded) or the template database and a spare clone (server). Call it from
 * a vitest globalSetup (or before spawning node --test), so no worker waits for another to build it.
 */
export async function prepareTestDatabases(options: Pick<TestDatabaseOptions, 'url' | 'migrationsDir' | 'seed'> = {}): Promise<void> {
  const migrationsDir = resolve(options.migrationsDir ?? join(packageRoot(), 'migrations'));
  if (!options.url) {
    await migratedSnapshot(migrationsDir);
    return;
  }
  const spec = templateSpec(migrationsDir, options.seed);
  await ensureTemplate(options.url, spec);
  await prepareSpares(options.url, spec.key);
}
