import { AegisError } from './aegis-error.js';
import { redact } from './redact.js';

/** The fields of a `pg` DatabaseError (or a network error) this module reads. */
export interface PgErrorLike {
  message: string;
  code?: string;
  position?: string;
  internalPosition?: string;
  internalQuery?: string;
  detail?: string;
  hint?: string;
  where?: string;
  constraint?: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET']);

function target(url: string): { host: string; port: string; user: string; database: string } {
  const parsed = new URL(url);
  return {
    host: parsed.hostname || parsed.searchParams.get('host') || 'localhost',
    port: parsed.port || '5432',
    user: decodeURIComponent(parsed.username) || process.env.USER || 'postgres',
    database: decodeURIComponent(parsed.pathname.slice(1)) || decodeURIComponent(parsed.username) || 'postgres',
  };
}

/** Turns a failure to connect into a one-line AegisError that says what to do. */
export function connectionError(error: unknown, url: string): AegisError {
  if (error instanceof AegisError) return error;
  const e = error as PgErrorLike;
  const t = target(url);
  if (e.code === '28P01' || e.code === '28000') {
    return new AegisError('CONNECTION', `authentication failed for user "${t.user}" at ${t.host}:${t.port}`, {
      hint: 'check the user and password in DATABASE_URL',
      cause: error,
    });
  }
  if (e.code === '3D000') {
    return new AegisError('CONNECTION', `database "${t.database}" does not exist on ${t.host}:${t.port}`, {
      hint: `create it first (createdb -h ${t.host} -p ${t.port} -U ${t.user} ${t.database}) or name another database in DATABASE_URL`,
      cause: error,
    });
  }
  const timedOut = /timeout/i.test(e.message);
  if ((e.code && NETWORK_CODES.has(e.code)) || timedOut || /Connection terminated/i.test(e.message)) {
    const why = timedOut ? 'timed out' : (e.code ?? 'connection closed');
    return new AegisError('CONNECTION', `cannot reach PostgreSQL at ${t.host}:${t.port} (${why})`, {
      hint: 'start the server (docker compose up -d), check host and port in DATABASE_URL, or unset DATABASE_URL to use the embedded database',
      cause: error,
    });
  }
  if (/does not support SSL/i.test(e.message)) {
    return new AegisError('CONNECTION', `${t.host}:${t.port} does not accept SSL connections, but DATABASE_URL asks for SSL (sslmode)`, {
      hint: 'drop sslmode from the URL (or use sslmode=disable) for a server without SSL, or enable SSL on the server',
      cause: error,
    });
  }
  return new AegisError('CONNECTION', `cannot connect to ${redact(url)}: ${redact(e.message)}`, { cause: error });
}

/** Errors a server raises when it lacks something the schema needs, as PREREQUISITE errors; undefined otherwise. */
export function prerequisiteError(error: PgErrorLike): AegisError | undefined {
  const message = error.message;
  const extension = /extension "([^"]+)"/.exec(message)?.[1] ?? /extension\/([a-z_]+)\.control/.exec(message)?.[1];
  if ((error.code === '58P01' || error.code === '0A000' || /is not available/.test(message)) && extension) {
    const pkg =
      extension === 'btree_gist'
        ? 'postgresql-contrib (part of the Debian postgresql-15 package)'
        : 'postgresql-15-postgis-3 (apt-get install -y postgresql-15-postgis-3)';
    return new AegisError('PREREQUISITE', `the server has no "${extension}" extension installed`, {
      hint: `install ${pkg} on the database server, or run docker compose up -d for a server with PostGIS`,
      cause: error,
    });
  }
  if (error.code === '42501' && /create extension/i.test(message)) {
    return new AegisError('PREREQUISITE', `this role may not create extensions: ${message}`, {
      hint: 'ask a superuser to run CREATE EXTENSION postgis; CREATE EXTENSION btree_gist; in this database, or connect as its owner',
      cause: error,
    });
  }
  return undefined;
}
