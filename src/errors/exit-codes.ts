/**
 * Every error class aegis-db reports, with its stable process exit code.
 * The table is the contract documented in README.md ("Exit codes"); never renumber.
 */
export const ERROR_CLASSES = {
  INTERNAL: { exitCode: 1, summary: 'unexpected internal error (a bug: please report it)' },
  USAGE: { exitCode: 2, summary: 'unknown command or flag, bad argument' },
  CONFIG: { exitCode: 3, summary: 'bad configuration: malformed URL, missing migrations folder, malformed migration file' },
  CONNECTION: { exitCode: 4, summary: 'cannot connect: host unreachable, authentication failed, database does not exist' },
  PREREQUISITE: { exitCode: 5, summary: 'server lacks something the schema needs: PostGIS not installed, no right to create an extension' },
  MIGRATION: { exitCode: 6, summary: 'a migration failed; it was rolled back, earlier ones stay applied' },
  INTEGRITY: { exitCode: 7, summary: 'integrity or drift: edited applied migration, schema drift, stale generated files' },
  LOCK_TIMEOUT: { exitCode: 8, summary: 'lock timeout: another runner or a long transaction held a lock past the bound' },
  REFUSED: { exitCode: 9, summary: 'refused for safety: production database, unmigrated database, active job' },
  NOT_FOUND: { exitCode: 10, summary: 'the named object does not exist (e.g. a user for privacy export)' },
  LINT: { exitCode: 11, summary: 'aegis-db lint found problems in migration files' },
  INTERRUPTED: { exitCode: 130, summary: 'interrupted (Ctrl-C): the running migration was cancelled and rolled back, the lock released; a second Ctrl-C quits at once' },
  HAZARD: { exitCode: 12, summary: 'migrate plan found hazards not allowed (--allow-hazard ID, or -- aegis:allow-hazard ID -- reason); migrate up refused to start' },
} as const;

export type ErrorCode = keyof typeof ERROR_CLASSES;

export function exitCodeOf(code: ErrorCode): number {
  return ERROR_CLASSES[code].exitCode;
}
