import { connect } from '../database/connect.js';
import { AegisError } from '../errors/aegis-error.js';
import { introspect } from '../introspection/introspect.js';
import { silentLogger, type Logger } from '../logger.js';
import { migrationStatus } from '../migrations/status.js';
import { staleGeneratedFiles, writeGeneratedFiles, type StaleFile } from './generated-files.js';
import { generate, type GeneratedFile } from './generate.js';
import { describeNamedQueries } from './queries/describe-named-queries.js';
import { generateQueries } from './queries/generate-queries.js';

export interface GenerateTypesOptions {
  url: string;
  /** Where types.ts and schemas.ts live. */
  outDir: string;
  /** Compare instead of writing. */
  check?: boolean;
  /** Used to warn when migrations are pending (the generated types would not match them). */
  migrationsDir?: string;
  connectTimeoutMs?: number;
  logger?: Logger;
  /** The named queries to describe into queries.ts (default: the package's sql/). */
  sqlDir?: string;
}

export interface GenerateTypesResult {
  files: GeneratedFile[];
  /** Paths written (empty with check, or when nothing changed). */
  written: string[];
  /** With check: the committed files that are out of date. */
  stale: StaleFile[];
  tables: number;
  enums: number;
  /** Named queries described into queries.ts. */
  queries: number;
  introspectMs: number;
  generateMs: number;
}

/** Introspects the migrated database at `url` and writes (or, with `check`, compares) the generated files. */
export async function generateTypesFromDatabase(options: GenerateTypesOptions): Promise<GenerateTypesResult> {
  const logger = options.logger ?? silentLogger;
  const client = await connect(options.url, { applicationName: 'aegis-db types', connectTimeoutMs: options.connectTimeoutMs });
  const started = performance.now();
  let model;
  let queryModel;
  try {
    const { rows } = await client.query<{ migrated: boolean }>(`SELECT to_regclass('aegis_meta.migrations') IS NOT NULL AS migrated`);
    model = await introspect(client);
    if (!rows[0]?.migrated || model.tables.length === 0) {
      throw new AegisError('REFUSED', 'this database has no aegis-db schema to generate types from (no migrations applied)', {
        hint: 'run `aegis-db migrate` against the same database first, then `aegis-db types`',
      });
    }
    queryModel = await describeNamedQueries(client, options.sqlDir);
  } finally {
    await client.end().catch(() => {});
  }
  const introspectMs = performance.now() - started;
  if (options.migrationsDir) {
    const status = await migrationStatus({ url: options.url, migrationsDir: options.migrationsDir, connectTimeoutMs: options.connectTimeoutMs });
    if (status.pending.length > 0) logger.warn(`${status.pending.length} migration(s) pending (${status.pending.join(', ')}): the types describe the database, not the migrations folder; run aegis-db migrate first`);
  }
  const generatedAt = performance.now();
  const files = [...generate(model), { path: 'queries.ts', content: generateQueries(queryModel) }];
  const generateMs = performance.now() - generatedAt;
  const written = options.check ? [] : writeGeneratedFiles(options.outDir, files);
  const stale = options.check ? staleGeneratedFiles(options.outDir, files) : [];
  return { files, written, stale, tables: model.tables.length, enums: model.enums.length, queries: queryModel.queries.length, introspectMs, generateMs };
}
