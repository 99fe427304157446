/**
 * `aegis-db/testing`: fresh, migrated databases for other services' test suites, with no Docker and
 * no PostgreSQL installed (embedded PGlite + PostGIS), or scratch databases on a server.
 */
export { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from './create-test-database.js';
export { snapshotDir } from './migrated-snapshot.js';
