/**
 * Every error class aegis-db reports, with its stable process exit code: the one table that README.md
 * ("Exit codes") and `aegis-db --help` are rendered from (a unit test holds README to it). Never renumber.
 */
export const ERROR_CLASSES = {
  INTERNAL: { exitCode: 1, name: 'internal error', examples: 'a bug; rerun with `AEGIS_DEBUG=1` and report it' },
  USAGE: {
    exitCode: 2,
    name: 'usage',
    examples:
      'unknown command or flag, conflicting flags (`--memory --data-dir`), bad `--count`, `--to` naming no migration, `--lock-timeout 0`, an `--anchor` day that does not exist',
  },
  CONFIG: {
    exitCode: 3,
    name: 'configuration',
    examples:
      'malformed `DATABASE_URL` (or one naming no database), missing migrations folder, a folder or broken link in it, a migration without a Down section or with an unparseable name',
  },
  CONNECTION: {
    exitCode: 4,
    name: 'connection',
    examples: 'host unreachable (bounded by `AEGIS_CONNECT_TIMEOUT`), wrong password, database does not exist',
  },
  PREREQUISITE: {
    exitCode: 5,
    name: 'server prerequisite',
    examples: 'PostGIS not installed on the server, role may not create extensions',
  },
  MIGRATION: {
    exitCode: 6,
    name: 'migration failed',
    examples: 'SQL error in a migration: `file:line:column: message` and the offending line; earlier files stay applied',
  },
  INTEGRITY: {
    exitCode: 7,
    name: 'integrity / drift',
    examples: 'an applied migration was edited or deleted, the live schema differs from its snapshot, generated files are stale',
  },
  LOCK_TIMEOUT: {
    exitCode: 8,
    name: 'lock timeout',
    examples: 'another runner held the migration lock past `--lock-wait`, or a statement waited past `lock_timeout`',
  },
  REFUSED: {
    exitCode: 9,
    name: 'refused for safety',
    examples:
      'a database with pending migrations (`seed`, `privacy`, `retention`), `migrate down` or `seed` on a database marked production without `--force`, the embedded data directory already served by another process',
  },
  NOT_FOUND: { exitCode: 10, name: 'not found', examples: 'the named object does not exist (e.g. the user of `privacy export`)' },
  LINT: { exitCode: 11, name: 'lint', examples: '`aegis-db lint` found problems in migration files' },
  HAZARD: {
    exitCode: 12,
    name: 'hazards',
    examples: "`migrate plan` found hazards not allowed; `migrate up`'s gate refused to start (nothing applied)",
  },
  INTERRUPTED: {
    exitCode: 130,
    name: 'interrupted',
    examples:
      'Ctrl-C during `migrate`: on a server the running statement is cancelled (`pg_cancel_backend` from a second connection) and its file rolled back, the lock released, the file named; earlier files stay applied. A second Ctrl-C quits at once. The embedded engine cannot interrupt a statement: it stops after the running file',
  },
} as const;

export type ErrorCode = keyof typeof ERROR_CLASSES;

export function exitCodeOf(code: ErrorCode): number {
  return ERROR_CLASSES[code].exitCode;
}
