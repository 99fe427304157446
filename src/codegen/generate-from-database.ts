import { join } from 'node:path';
import type pg from 'pg';
import { withClient, type DatabaseTarget } from '../database/target.js';
import { AegisError } from '../errors/aegis-error.js';
import { introspect } from '../introspection/introspect.js';
import { silentLogger, type Logger } from '../logger.js';
import { loadMigrations } from '../migrations/load-migrations.js';
import { readMigrationStatus } from '../migrations/status.js';
import { staleGeneratedFiles, writeGeneratedFiles, type StaleFile } from '../artifacts/generated-file.js';
import { generate, type GeneratedFile } from './generate.js';
import { describeNamedQueries } from './queries/describe-named-queries.js';
import { generateQueries } from './queries/generate-queries.js';

export interface GenerateTypesOptions {
  target: DatabaseTarget;
  /** Where types.ts and schemas.ts live. */
  outDir: string;
  /** Compare instead of writing. */
  check?: boolean;
  /** Used to warn when migrations are pending (the generated types would not match them). */
  migrationsDir?: string;
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

/** Introspects the migrated database of `target` and writes (or, with `check`, compares) the generated files. */
export async function generateTypesFromDatabase(options: GenerateTypesOptions): Promise<GenerateTypesResult> {
  return withClient(options.target, (client) => generateTypesOn(client, options), { applicationName: 'aegis-db types' });
}

/** {@link generateTypesFromDatabase} on an open client. */
export async function generateTypesOn(client: pg.ClientBase, options: Omit<GenerateTypesOptions, 'target'>): Promise<GenerateTypesResult> {
  const logger = options.logger ?? silentLogger;
  const started = performance.now();
  const { rows } = await client.query<{ migrated: boolean }>(`SELECT to_regclass('aegis_meta.migrations') IS NOT NULL AS migrated`);
  const model = await introspect(client);
  if (!rows[0]?.migrated || model.tables.length === 0) {
    throw new AegisError('REFUSED', 'this database has no aegis-db schema to generate types from (no migrations applied)', {
      hint: 'run `aegis-db migrate` against the same database first, then `aegis-db types`',
    });
  }
  const queryModel = await describeNamedQueries(client, options.sqlDir);
  const introspectMs = performance.now() - started;
  if (options.migrationsDir) {
    const status = await readMigrationStatus(client, loadMigrations(options.migrationsDir));
    if (status.pending.length > 0)
      logger.warn(
        `${status.pending.length} migration(s) pending (${status.pending.join(', ')}): the types describe the database, not the migrations folder; run aegis-db migrate first`,
      );
  }
  const generatedAt = performance.now();
  const files = [...generate(model), { path: 'queries.ts', content: generateQueries(queryModel) }];
  const generateMs = performance.now() - generatedAt;
  const placed = files.map((file) => ({ ...file, path: join(options.outDir, file.path) }));
  const written = options.check ? [] : writeGeneratedFiles(placed);
  const stale = options.check ? staleGeneratedFiles(placed) : [];
  return {
    files,
    written,
    stale,
    tables: model.tables.length,
    enums: model.enums.length,
    queries: queryModel.queries.length,
    introspectMs,
    generateMs,
  };
}
