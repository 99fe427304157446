/** aegis-db's public API. The CLI is a thin shell over these functions. */
export { loadConfig, parseDuration, type Config, type ConfigFlags } from './config/config.js';
export { redact } from './config/redact.js';
export { AegisError, isAegisError } from './errors/aegis-error.js';
export { ERROR_CLASSES, exitCodeOf, type ErrorCode } from './errors/exit-codes.js';
export { openEngine, type Engine, type EngineKind } from './database/engine.js';
export { startEmbedded, type EmbeddedServer } from './database/embedded.js';
export { connect } from './database/connect.js';
export { silentLogger, type Logger } from './logger.js';
export { loadMigrations, parseMigration } from './migrations/load-migrations.js';
export type { MigrationFile } from './migrations/migration-file.js';
export { migrate, planMigrations, type MigrateOptions, type MigrateResult, type MigrationStep, type Direction } from './migrations/migrate.js';
export { migrationStatus, type MigrationStatus } from './migrations/status.js';
export { createMigration } from './migrations/create-migration.js';
export { introspect, type Queryable, type IntrospectOptions } from './introspection/introspect.js';
export type { SchemaModel, TableModel, ColumnModel, ColumnType, EnumModel } from './introspection/schema-model.js';
export { generate, type GeneratedFile } from './codegen/generate.js';
export { generateTypesFromDatabase, type GenerateTypesOptions, type GenerateTypesResult } from './codegen/generate-from-database.js';
