/**
 * `aegis-db/testing`: fresh, migrated databases for other services' test suites, with no Docker and
 * no PostgreSQL installed (embedded PGlite + PostGIS), or template clones on a server.
 */
export { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from './create-test-database.js';
export { withRollback, rollbackEachTest, type RollbackEachTest } from './rollback.js';
export { prepareTestDatabases } from './prepare.js';
export { snapshotDir } from '../migrations/migrated-snapshot.js';
