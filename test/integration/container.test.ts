import { afterAll, describe, expect, it } from 'vitest';
import { composeImage } from '../helpers/compose-image.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/index.js';
import { MIGRATIONS_DIR } from '../helpers/engines.js';

/** Why the container path cannot run here, or undefined when it can. Never fails for lack of Docker. */
async function skipReason(): Promise<string | undefined> {
  if (process.env.AEGIS_TEST_CONTAINER !== '1') return 'AEGIS_TEST_CONTAINER=1 is not set';
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return undefined;
  } catch (error) {
    return `no Docker engine answers (${String(error).split('\n')[0]})`;
  }
}

const reason = await skipReason();
const image = composeImage();

describe(`container ${image} (the docker-compose.yml image)`, () => {
  let stop: (() => Promise<unknown>) | undefined;
  let db: TestDatabase | undefined;
  afterAll(async () => {
    await db?.close();
    await stop?.();
  });

  it.skipIf(reason !== undefined)(`migrates and serves PostGIS${reason ? ` — skipped: ${reason}` : ''}`, async () => {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer(image).start();
    stop = () => container.stop();
    const host = container.getHost();
    // Only ever talk to a local engine.
    expect(['localhost', '127.0.0.1', '::1']).toContain(host);
    db = await createTestDatabase({ url: container.getConnectionUri(), migrationsDir: MIGRATIONS_DIR });
    const { rows } = await db.query<{ version: string }>('SELECT postgis_lib_version() AS version');
    expect(rows[0]!.version).toMatch(/^3\./);
    const tables = await db.query(`SELECT 1 FROM pg_tables WHERE tablename = 'location_history'`);
    expect(tables.rows).toHaveLength(1);
  });
});
