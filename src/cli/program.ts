import { Command } from 'commander';
import { run } from './run.js';
import { migrateCreate, migrateDown, migrateRedo, migrateStatus, migrateUp } from './commands/migrate.js';
import { packageVersion } from '../config/package-root.js';

const EXIT_CODES_HELP = `
Exit codes:
  0  success                 5  server prerequisite missing (PostGIS, extension rights)
  1  internal error (a bug)  6  a migration failed (rolled back; earlier ones stay)
  2  usage error             7  integrity or drift (edited migration, stale files)
  3  configuration error     8  lock timeout
  4  connection error        9  refused for safety          10  not found

Environment:
  DATABASE_URL             a PostgreSQL server (postgres://user:pass@host:5432/db); unset = embedded database
  AEGIS_DATA_DIR           embedded data directory (default ./.aegis/pgdata)
  AEGIS_MIGRATIONS_DIR     migrations folder (default: the migrations shipped with aegis-db)
  AEGIS_LOCK_WAIT, AEGIS_LOCK_TIMEOUT, AEGIS_STATEMENT_TIMEOUT, AEGIS_CONNECT_TIMEOUT   durations (30s, 10s, 10min, 5s)
  AEGIS_DEBUG=1            print stack traces`;

function migrateOptions(command: Command): Command {
  return command
    .option('--count <n>', 'at most this many migrations')
    .option('--to <name>', 'up: stop after this migration; down: revert until it is the last applied (0 = all)')
    .option('--dry-run', 'print the SQL that would run; touch nothing (no lock, no bookkeeping tables)')
    .option('--lock-wait <duration>', 'wait this long for another runner to finish (default 30s)')
    .option('--lock-timeout <duration>', 'lock_timeout of the migration session (default 10s)')
    .option('--statement-timeout <duration>', 'statement_timeout of the migration session (default 10min)');
}

export function buildProgram(): Command {
  const program = new Command('aegis-db')
    .description('The Aegis database: PostgreSQL + PostGIS schema, migrations, types and seeds.\nWithout DATABASE_URL every command uses an embedded PostgreSQL (PGlite + PostGIS) in ./.aegis/pgdata.')
    .version(packageVersion(), '-V, --version')
    .option('--database-url <url>', 'PostgreSQL server URL (overrides DATABASE_URL)')
    .option('--memory', 'embedded database in memory (nothing kept)')
    .option('--data-dir <dir>', 'embedded database directory (default ./.aegis/pgdata)')
    .option('--migrations-dir <dir>', 'migrations folder (default: the ones shipped with aegis-db)')
    .option('--json', 'machine-readable output on stdout')
    .option('--quiet', 'print only errors')
    .option('--no-color', 'no colours')
    .showSuggestionAfterError(true)
    .addHelpText('after', EXIT_CODES_HELP);

  const migrate = migrateOptions(program.command('migrate').description('apply, revert or inspect migrations (default: up)'))
    .allowExcessArguments(true)
    .action(run(migrateUp));
  migrateOptions(migrate.command('up').description('apply pending migrations, each in its own transaction')).action(run(migrateUp));
  migrateOptions(migrate.command('down').description('revert the last migration (or --count N, --to NAME)')).action(run(migrateDown));
  migrateOptions(migrate.command('redo').description('revert and re-apply the last migration (or --count N)')).action(run(migrateRedo));
  migrate.command('status').description('applied migrations with their time, and pending ones').action(run(migrateStatus));
  migrate
    .command('create')
    .argument('<name>', 'snake_case name, e.g. add_job_ratings')
    .description('write a new timestamped migration from the template')
    .action(run((command) => migrateCreate(command.args[0]!, command)));

  return program;
}
