/**
 * Every environment variable aegis-db reads, with what it means and its default: the one table that
 * loadConfig takes its defaults from and that README.md ("Environment") and `aegis-db --help` are
 * rendered from (a unit test holds README to it).
 */
export const ENVIRONMENT = {
  DATABASE_URL: { meaning: 'PostgreSQL server to use', default: undefined, shown: 'unset: embedded engine' },
  AEGIS_DATA_DIR: { meaning: 'embedded data directory', default: './.aegis/pgdata', shown: undefined },
  AEGIS_MIGRATIONS_DIR: { meaning: 'migrations folder', default: undefined, shown: "the package's `migrations/`" },
  AEGIS_LOCK_WAIT: { meaning: 'how long to wait for another migration runner', default: '30s', shown: undefined },
  AEGIS_LOCK_TIMEOUT: { meaning: '`lock_timeout` of the migration session', default: '10s', shown: undefined },
  AEGIS_STATEMENT_TIMEOUT: { meaning: '`statement_timeout` of the migration session', default: '10min', shown: undefined },
  AEGIS_CONNECT_TIMEOUT: { meaning: 'bound on establishing a connection', default: '5s', shown: undefined },
  AEGIS_IDLE_TRANSACTION_TIMEOUT: { meaning: '`dev`: end a client idle inside a transaction this long', default: '30s', shown: undefined },
  AEGIS_DEBUG: { meaning: '`1` prints stack traces of unexpected errors', default: undefined, shown: 'unset' },
  AEGIS_TEST_DATABASE_URL: {
    meaning: 'tests: also run integration tests on this server',
    default: undefined,
    shown: 'unset',
    testsOnly: true,
  },
  AEGIS_SNAPSHOT_DIR: {
    meaning: 'tests: cache of migrated embedded snapshots',
    default: undefined,
    shown: '`$TMPDIR/aegis-db-snapshots`',
    testsOnly: true,
  },
  AEGIS_CACHE_DIR: {
    meaning: 'cache of the embedded base cluster (initdb + extensions)',
    default: undefined,
    shown: '`$XDG_CACHE_HOME/aegis-db` or `~/.cache/aegis-db`',
  },
  AEGIS_BASE_CLUSTER: {
    meaning: '`off`: start new embedded clusters from scratch (initdb + `CREATE EXTENSION`)',
    default: undefined,
    shown: 'unset',
  },
} as const satisfies Record<string, { meaning: string; default: string | undefined; shown: string | undefined; testsOnly?: true }>;

export type EnvironmentVariable = keyof typeof ENVIRONMENT;

/** The default as people read it: `30s`, or a sentence where there is no single value. */
export function shownDefault(name: EnvironmentVariable): string {
  const variable = ENVIRONMENT[name];
  return variable.shown ?? `\`${variable.default}\``;
}
