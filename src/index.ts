/**
 * aegis-db's public API. The CLI is a thin shell over these functions and imports nothing else.
 *
 * Importing it is cheap, because every command's start pays for it: the values exported directly come from
 * a handful of small modules that load no package (errors, configuration, targets, constants), and every
 * other function is a wrapper that imports its module on first call and returns a promise. So `--help`
 * loads no package but commander, and a command loads node-pg-migrate, pg, zod, faker or PGlite only
 * when it uses them. The named queries' SQL by name (NAMED_QUERIES, namedQuery) lives in aegis-db/queries.
 */
import type * as Target from './database/target.js';

/** A function of a module loaded on first call: the same parameters, its result as a promise. */
type Later<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;

/** `name` of the module `load` imports, which is loaded when it is first called, not when this one is. */
function lazy<M, K extends keyof M>(load: () => Promise<M>, name: K): Later<M[K]> {
  return (async (...args: unknown[]) => ((await load())[name] as (...args: unknown[]) => unknown)(...args)) as Later<M[K]>;
}

// Errors, configuration, output helpers: loaded with the index (no package behind them).
export { AegisError, isAegisError, type AegisErrorOptions, type AegisErrorText } from './errors/aegis-error.js';
export { inLibraryTerms, option, wordOptions, type OptionName, type OptionWording } from './errors/option.js';
export { ERROR_CLASSES, exitCodeOf, type ErrorCode } from './errors/exit-codes.js';
export { redact } from './errors/redact.js';
export { loadConfig, parseDuration, parseLockTimeout, MAX_DURATION_MS, type Config, type ConfigFlags } from './config/config.js';
export { ENVIRONMENT, type EnvironmentVariable } from './config/environment.js';
export { packageRoot, packageVersion } from './config/package-root.js';
export { silentLogger, type Logger } from './logger.js';

// Connecting.
export { databaseTarget, withDatabase, type DatabaseTarget, type ClientOptions } from './database/target.js';
export { listenToServerNotices, type ServerNoticeListener } from './database/server-notices.js';
export type { Engine, EngineKind } from './database/engine.js';
export type { EmbeddedServer, EmbeddedOptions } from './database/embedded.js';
export type { DumpDatabaseOptions } from './database/dump-database.js';
export const withClient: typeof Target.withClient = (target, work, options) =>
  import('./database/target.js').then((module) => module.withClient(target, work, options));
export const connect = lazy(() => import('./database/connect.js'), 'connect');
export const openEngine = lazy(() => import('./database/engine.js'), 'openEngine');
export const startEmbedded = lazy(() => import('./database/embedded.js'), 'startEmbedded');
export const dumpDatabase = lazy(() => import('./database/dump-database.js'), 'dumpDatabase');
export const startDevServer = lazy(() => import('./dev/dev-server.js'), 'startDevServer');
export type { DevServer, DevServerOptions } from './dev/dev-server.js';

// Migration files: read and checked without a database.
export type { MigrationFileViolation } from './migrations/check-migration-file.js';
export const loadMigrations = lazy(() => import('./migrations/load-migrations.js'), 'loadMigrations');
export const parseMigration = lazy(() => import('./migrations/load-migrations.js'), 'parseMigration');
export const checkMigrationFile = lazy(() => import('./migrations/check-migration-file.js'), 'checkMigrationFile');
export type { MigrationFile } from './migrations/migration-file.js';
export type { IntegrityReport } from './migrations/validate-applied.js';
export const createMigration = lazy(() => import('./migrations/create-migration.js'), 'createMigration');
export const integrityError = lazy(() => import('./migrations/validate-applied.js'), 'integrityError');
export const isClean = lazy(() => import('./migrations/validate-applied.js'), 'isClean');
export const lintMigrations = lazy(() => import('./lint/lint-migrations.js'), 'lintMigrations');
export type { LintResult } from './lint/lint-migrations.js';
export type { LintViolation } from './lint/lint-violation.js';

// Migrating, and what is applied.
export type { MigrateOptions, MigrateResult, MigrationStep, Direction } from './migrations/migrate.js';
export type { MigrationStatus } from './migrations/status.js';
export type { RepairAction, RepairResult } from './migrations/repair-migrations.js';
export const migrate = lazy(() => import('./migrations/migrate.js'), 'migrate');
export const planMigrations = lazy(() => import('./migrations/migrate.js'), 'planMigrations');
export const migrationStatus = lazy(() => import('./migrations/status.js'), 'migrationStatus');
export const repairMigrations = lazy(() => import('./migrations/repair-migrations.js'), 'repairMigrations');

// migrate plan: tracing pending migrations, and their hazards.
export type { MigrationPlan, Finding, TracedStatement, LockTaken, TraceOn } from './migrations/plan/plan-report.js';
export const blockingFindings = lazy(() => import('./migrations/plan/plan-report.js'), 'blockingFindings');
export { HAZARD_RULES, HAZARD_IDS, type HazardId } from './migrations/plan/hazard-rules.js';
export const checkHazardIds = lazy(() => import('./migrations/plan/allow-hazards.js'), 'checkAllowFlags');
export const renderPlanMarkdown = lazy(() => import('./migrations/plan/render-plan.js'), 'renderPlanMarkdown');
export const renderPlanTable = lazy(() => import('./migrations/plan/render-plan.js'), 'renderPlanTable');
export type { HazardGate } from './migrations/plan/hazard-gate.js';
export type { TraceMigrationsOptions } from './migrations/plan/trace-migrations.js';
export const traceMigrations = lazy(() => import('./migrations/plan/trace-migrations.js'), 'traceMigrations');

// The live schema: introspection, generated types, the committed snapshot, the docs.
export type { Queryable, IntrospectOptions } from './introspection/introspect.js';
export type {
  SchemaModel,
  TableModel,
  ColumnModel,
  ColumnType,
  EnumModel,
  KeyModel,
  ForeignKeyModel,
  ReferentialAction,
  CheckModel,
  IndexModel,
  GrantModel,
  CatalogModel,
  AclModel,
  NamespaceModel,
  TypeModel,
  ConstraintModel,
  RelationModel,
  RelationConstraintModel,
  PolicyModel,
  FunctionModel,
  DefaultPrivilegeModel,
} from './introspection/schema-model.js';
export type { GeneratedFile } from './artifacts/generated-file.js';
export const generate = lazy(() => import('./codegen/generate.js'), 'generate');
export const generateQueries = lazy(() => import('./codegen/queries/generate-queries.js'), 'generateQueries');
export type { GenerateTypesOptions, GenerateTypesResult } from './codegen/generate-from-database.js';
export type { SchemaDiffResult } from './schema-snapshot/compare-schema.js';
export type { GenerateDocsOptions } from './docs-gen/generate-docs.js';
export const defaultSnapshotPath = lazy(() => import('./schema-snapshot/schema-snapshot-file.js'), 'defaultSnapshotPath');
export const introspect = lazy(() => import('./introspection/introspect.js'), 'introspect');
export const generateTypesFromDatabase = lazy(() => import('./codegen/generate-from-database.js'), 'generateTypesFromDatabase');
export const liveSnapshot = lazy(() => import('./schema-snapshot/compare-schema.js'), 'liveSnapshot');
export const compareSchema = lazy(() => import('./schema-snapshot/compare-schema.js'), 'compareSchema');
export const generateDocs = lazy(() => import('./docs-gen/generate-docs.js'), 'generateDocs');
/** Writes the rendered docs. */
export const writeDocs = lazy(() => import('./docs-gen/generate-docs.js'), 'writeDocs');
/** Rejects with an INTEGRITY error naming every stale or missing doc and its first differing line. */
export const checkDocs = lazy(() => import('./docs-gen/generate-docs.js'), 'checkDocs');

// Named queries of sql/.
export type { QueryFile, DeclaredParam, ParamDefault } from './queries/parse-query-file.js';
export const parseQueryFile = lazy(() => import('./queries/parse-query-file.js'), 'parseQueryFile');
export const loadQueryFiles = lazy(() => import('./queries/load-query-files.js'), 'loadQueryFiles');
export type { DescribeQueriesResult, QueryFailure } from './queries/describe-queries.js';
export type { QueryModel, QueryDescription, QueryParamDescription, QueryColumnDescription, Nullability } from './queries/query-model.js';
export const defaultSqlDir = lazy(() => import('./codegen/queries/describe-named-queries.js'), 'defaultSqlDir');
export const describeQueries = lazy(() => import('./queries/describe-queries.js'), 'describeQueries');
export const describeNamedQueries = lazy(() => import('./codegen/queries/describe-named-queries.js'), 'describeNamedQueries');

// Seeding.
export { DEFAULT_SEED } from './seeding/seed-dataset.js';
export { ANCHOR_RANGE, anchorProblem, parseAnchor } from './seeding/anchor.js';
export type { SeedProfile } from './seeding/datasets/dataset-registry.js';
export { ENVIRONMENT_SETTING } from './database/environment-mark.js';
export type { SeedOptions, SeedResult, SeedProgress } from './seeding/seed.js';
export type { ContentHash } from './seeding/content-hash.js';
export const seed = lazy(() => import('./seeding/seed.js'), 'seed');
export const contentHash = lazy(() => import('./seeding/content-hash.js'), 'contentHash');

// Maintenance and diagnosis.
export type { RetentionOptions, RetentionResult } from './maintenance/retention.js';
export type { PrivacyExportOptions, PrivacyExport } from './maintenance/privacy-export.js';
export type { PrivacyForgetOptions, PrivacyForgetResult } from './maintenance/privacy-forget.js';
export type { DoctorCheck } from './doctor/run-doctor.js';
export const retention = lazy(() => import('./maintenance/retention.js'), 'retention');
export const privacyExport = lazy(() => import('./maintenance/privacy-export.js'), 'privacyExport');
export const privacyForget = lazy(() => import('./maintenance/privacy-forget.js'), 'privacyForget');
export const runDoctor = lazy(() => import('./doctor/run-doctor.js'), 'runDoctor');
