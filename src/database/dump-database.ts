import type { Config } from '../config/config.js';
import { redact } from '../errors/redact.js';
import { AegisError } from '../errors/aegis-error.js';
import { databaseTarget, withClient, type DatabaseTarget } from './target.js';
import { dumpEngine, type DumpOptions } from './embedded-dump.js';
import { embeddedEngineOptions, lockDataDir, runningEmbedded } from './embedded.js';
import { option } from '../errors/option.js';

export type DumpDatabaseOptions = DumpOptions;

/** Asks a running embedded server (aegis-db dev) to run pg_dump on its engine, between its clients' transactions. */
async function dumpServed(target: DatabaseTarget, options: DumpOptions): Promise<string> {
  const url = target.url;
  return withClient(
    target,
    async (client) => {
      try {
        const result = await client.query<{ dump: string }>(`-- aegis-db:dump ${JSON.stringify(options)}`);
        const dump = (Array.isArray(result) ? undefined : result.rows?.[0]?.dump) as string | undefined;
        if (typeof dump !== 'string') {
          throw new AegisError('USAGE', `${redact(url)} is not an embedded database served by aegis-db`, {
            hint: 'aegis-db dump dumps the embedded database; for a PostgreSQL server use its own pg_dump (same major version or newer)',
          });
        }
        return dump;
      } catch (error) {
        if (error instanceof AegisError) throw error;
        throw new AegisError(
          'INTERNAL',
          `pg_dump failed on the embedded database: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
    },
    { applicationName: 'aegis-db dump' },
  );
}

/**
 * A pg_dump (plain SQL, PostgreSQL 18's pg_dump) of the embedded database: through the `aegis-db dev`
 * server when one has the data dir open, otherwise by opening the data dir here (it is locked meanwhile).
 */
export async function dumpDatabase(
  config: Pick<Config, 'databaseUrl' | 'memory' | 'dataDir' | 'connectTimeoutMs'>,
  options: DumpDatabaseOptions,
): Promise<string> {
  if (options.schemaOnly && options.dataOnly)
    throw new AegisError('USAGE', `${option('schemaOnly')} and ${option('dataOnly')} exclude each other`, {
      hint: 'pass one of them, or neither for schema and data',
    });
  if (config.databaseUrl) return dumpServed(databaseTarget(config.databaseUrl, { connectTimeoutMs: config.connectTimeoutMs }), options);
  if (config.memory)
    throw new AegisError('USAGE', 'an in-memory embedded database is gone when the command ends: there is nothing to dump', {
      hint: `drop ${option('memory', true)}, or name the data dir with ${option('dataDir')}`,
    });
  const running = runningEmbedded(config.dataDir);
  if (running?.url) return dumpServed(databaseTarget(running.url, { connectTimeoutMs: config.connectTimeoutMs }), options);
  const { existsSync } = await import('node:fs');
  if (!existsSync(config.dataDir))
    throw new AegisError('NOT_FOUND', `there is no embedded database in ${config.dataDir}`, {
      hint: `run aegis-db migrate (or aegis-db dev) first, or name another ${option('dataDir')}`,
    });
  const lock = lockDataDir(config.dataDir, 'aegis-db dump');
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(await embeddedEngineOptions({ dataDir: config.dataDir }));
    try {
      return await dumpEngine(db, options);
    } finally {
      await db.close();
    }
  } finally {
    lock.release();
  }
}
