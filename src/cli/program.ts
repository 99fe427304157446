import { Command } from 'commander';
import { packageVersion } from '../index.js';
import { run, type Handler } from './run.js';
import * as parse from './options.js';
import { exitCodesAndEnvironment } from './help.js';

/** A command's action, its module imported only when it runs: `--help` loads none of them. */
function action<M>(
  load: () => Promise<M>,
  name: { [K in keyof M]: M[K] extends Handler ? K : never }[keyof M],
): (...args: unknown[]) => Promise<void> {
  return run(async (command) => ((await load())[name] as Handler)(command));
}

const migrateCommands = () => import('./commands/migrate.js');
const integrityCommands = () => import('./commands/migrate-integrity.js');
const schemaCommands = () => import('./commands/schema.js');
const privacyCommands = () => import('./commands/privacy.js');

function migrateOptions(command: Command): Command {
  return command
    .option('--count <n>', 'at most this many migrations', parse.count)
    .option('--to <name>', 'up: stop after this migration; down: revert until it is the last applied (0 = all)')
    .option('--dry-run', 'print the SQL that would run; touch nothing (no lock, no bookkeeping tables)')
    .option('--lock-wait <duration>', 'wait this long for another runner to finish (default 30s)', parse.duration('--lock-wait'))
    .option('--lock-timeout <duration>', 'lock_timeout of the migration session (default 10s)', parse.lockTimeout('--lock-timeout'))
    .option(
      '--statement-timeout <duration>',
      'statement_timeout of the migration session (default 10min)',
      parse.duration('--statement-timeout'),
    );
}

const TRACE_ON = 'where the trace runs: embedded (PGlite in memory, default) or server (a scratch database on the target server)';

/** migrate up's hazard gate (see migrate plan). */
function hazardOptions(command: Command): Command {
  return command
    .option(
      '--check-hazards',
      'trace the pending migrations first and refuse hazards not allowed (default: only on a database marked production)',
    )
    .option('--no-check-hazards', 'never trace before applying, even on a database marked production')
    .option('--allow-hazard <id...>', 'hazard ids to allow in every file (see migrate plan)', parse.hazardIds)
    .option('--trace-on <engine>', TRACE_ON, parse.traceOn);
}

export function buildProgram(): Command {
  const program = new Command('aegis-db')
    .description(
      'The Aegis database: PostgreSQL + PostGIS schema, migrations, types and seeds.\nWithout DATABASE_URL every command uses an embedded PostgreSQL (PGlite + PostGIS) in ./.aegis/pgdata.',
    )
    .version(packageVersion(), '-V, --version')
    .option('--database-url <url>', 'PostgreSQL server URL (overrides DATABASE_URL)')
    .option('--memory', 'embedded database in memory (nothing kept)')
    .option('--data-dir <dir>', 'embedded database directory (default ./.aegis/pgdata)')
    .option('--migrations-dir <dir>', 'migrations folder (default: the ones shipped with aegis-db)')
    .option('--json', 'machine-readable output on stdout')
    .option('--quiet', 'print only errors')
    .option('--no-color', 'no colours')
    .showSuggestionAfterError(true)
    .addHelpText('after', exitCodesAndEnvironment());

  const migrate = hazardOptions(migrateOptions(program.command('migrate').description('apply, revert or inspect migrations (default: up)')))
    .allowExcessArguments(true)
    .action(action(migrateCommands, 'migrateUp'));
  hazardOptions(migrateOptions(migrate.command('up').description('apply pending migrations, each in its own transaction'))).action(
    action(migrateCommands, 'migrateUp'),
  );
  const FORCE_DOWN = 'revert even on a database marked production (aegis.environment)';
  migrateOptions(migrate.command('down').description('revert the last migration (or --count N, --to NAME)'))
    .option('--force', FORCE_DOWN)
    .action(action(migrateCommands, 'migrateDown'));
  migrateOptions(migrate.command('redo').description('revert and re-apply the last migration (or --count N)'))
    .option('--force', FORCE_DOWN)
    .action(action(migrateCommands, 'migrateRedo'));
  migrate
    .command('plan')
    .description(
      "trace the pending migrations on a throwaway copy of the schema: per statement its locks, rewrites, index builds and constraints, hazards weighed by the target's table sizes; exit 12 on hazards not allowed",
    )
    .option('--count <n>', 'at most this many migrations', parse.count)
    .option('--to <name>', 'stop after this migration')
    .option('--trace-on <engine>', TRACE_ON, parse.traceOn)
    .option(
      '--allow-hazard <id...>',
      'hazard ids to allow in every file; in a file: -- aegis:allow-hazard ID -- why it is safe',
      parse.hazardIds,
    )
    .option('--format <format>', 'table (default), markdown (a pull-request comment) or json', parse.planFormat)
    .option(
      '--lock-timeout <duration>',
      'lock_timeout of the trace session, as of the real run (default 10s)',
      parse.lockTimeout('--lock-timeout'),
    )
    .option(
      '--statement-timeout <duration>',
      'statement_timeout of the trace session (default 10min)',
      parse.duration('--statement-timeout'),
    )
    .action(action(migrateCommands, 'migratePlan'));
  migrate
    .command('status')
    .description('applied migrations with their time, and pending ones')
    .action(action(migrateCommands, 'migrateStatus'));
  migrate
    .command('create')
    .argument('<name>', 'snake_case name, e.g. add_job_ratings')
    .description('write a new timestamped migration from the template')
    .action(action(migrateCommands, 'migrateCreate'));
  migrate
    .command('validate')
    .description('refuse (exit 7) when an applied migration was edited or deleted, or a new one sorts before it')
    .action(action(integrityCommands, 'migrateValidate'));
  migrate
    .command('repair')
    .description('after review: accept the current files (record checksums of edited ones, forget deleted ones); runs no migration SQL')
    .option('--lock-wait <duration>', 'wait this long for a running migration to finish (default 30s)', parse.duration('--lock-wait'))
    .action(action(integrityCommands, 'migrateRepair'));
  program
    .command('lint')
    .argument('[files...]', 'migration files (default: every migration)')
    .description(
      "squawk's rules (told which files run inside a transaction) plus ours: reversible, well named, one statement per no-transaction file",
    )
    .action(action(() => import('./commands/lint.js'), 'lint'));
  const schema = program.command('schema').description('normalized snapshot of the live schema, and drift against the committed one');
  schema
    .command('dump')
    .description('print the snapshot (or write it with --out)')
    .option('--out <file>', 'write it here, e.g. schema/schema.snapshot.txt')
    .action(action(schemaCommands, 'schemaDump'));
  schema
    .command('diff')
    .description('compare the live schema with the committed snapshot; exit 7 when they differ')
    .option('--snapshot <file>', 'snapshot to compare with (default: schema/schema.snapshot.txt of aegis-db)')
    .action(action(schemaCommands, 'schemaDiff'));
  program
    .command('doctor')
    .description('connection, versions, PostGIS, privileges, pending/modified migrations, the migration lock: ok/warn/fail')
    .action(action(() => import('./commands/doctor.js'), 'doctor'));

  program
    .command('retention')
    .description('drop expired location_history partitions, create ones ahead, soft-delete inactive users (R-7 §9)')
    .option('--dry-run', 'report what would be dropped, deleted and soft-deleted; change nothing')
    .option('--location-days <n>', 'keep this many days of location history (default 30)', parse.days('--location-days'))
    .option('--inactive-days <n>', 'soft-delete users with no login for this many days (default 365)', parse.days('--inactive-days'))
    .option(
      '--lock-timeout <duration>',
      'lock_timeout of each partition drop, retried 5 times (default 2s)',
      parse.lockTimeout('--lock-timeout'),
    )
    .action(action(() => import('./commands/retention.js'), 'retentionCommand'));
  const privacy = program.command('privacy').description('CCPA requests for one user (R-7 §9.1)');
  privacy
    .command('export')
    .argument('<user>', 'email or id')
    .description('print everything stored about the user as one JSON document (no password hash, no tokens)')
    .action(action(privacyCommands, 'privacyExportCommand'));
  privacy
    .command('forget')
    .argument('<user>', 'email or id')
    .description('anonymize personal data, delete sessions and location history, soft-delete the account; keep jobs and payments')
    .option('--dry-run', 'report what would be removed; change nothing')
    .action(action(privacyCommands, 'privacyForgetCommand'));
  program
    .command('dev')
    .description('serve the embedded database (migrated, demo-seeded when empty) on 127.0.0.1 for other services, until Ctrl-C')
    .option('--port <n>', 'port on 127.0.0.1 (default 54329; 0 = any free port)', parse.port)
    .option('--no-seed', 'do not seed the demo profile into an empty database')
    .option(
      '--idle-transaction-timeout <duration>',
      'end a client idle inside a transaction this long, as it blocks all others (default 30s or AEGIS_IDLE_TRANSACTION_TIMEOUT; 0 = never)',
      parse.duration('--idle-transaction-timeout'),
    )
    .action(action(() => import('./commands/dev.js'), 'devCommand'));
  program
    .command('dump')
    .description("pg_dump (PostgreSQL 18's, as plain SQL) of the embedded database, stopped or served by aegis-db dev")
    .option('--schema-only', 'only the schema')
    .option('--data-only', 'only the data')
    .option('--out <file>', 'write it here instead of stdout')
    .action(action(() => import('./commands/dump.js'), 'dumpCommand'));
  program
    .command('docs')
    .description('regenerate docs/erd.md (from the live catalog) and docs/cli.md (from --help)')
    .option('--check', 'fail (exit 7) when the committed files are stale; write nothing')
    .option('--out-dir <dir>', 'folder to write to', 'docs')
    .action(run(async (command) => (await import('./commands/docs.js')).docsCommand(command, buildProgram())));
  program
    .command('types')
    .description(
      'generate src/generated/types.ts, schemas.ts and queries.ts (aegis-db/types, /schemas, /queries) from the migrated database, describing every sql/ named query against it',
    )
    .option('--out <dir>', 'folder to write to (default: src/generated of the aegis-db package)')
    .option(
      '--check',
      'fail (exit 7) with a diff when the committed files are stale, or naming the file, line and column of a named query that no longer prepares; write nothing',
    )
    .action(action(() => import('./commands/types.js'), 'typesCommand'));

  program
    .command('seed')
    .description('fill a migrated database: R-7 demo logins and a realistic marketplace (demo), or volumes (load); refuses production')
    .option('--profile <name>', 'demo (default) or load', parse.seedProfile)
    .option('--scale <n>', 'load volume: 1 = 1,000 users, 10,000 jobs, 1,000,000 location points (default 1)', parse.seedScale)
    .option('--seed <n>', 'PRNG seed: the same seed and anchor give identical rows, ids included (default 7)', parse.seedNumber)
    .option('--anchor <date>', 'YYYY-MM-DD the seeded times are relative to (default: today, UTC)', parse.anchorDate)
    .option('--reset', 'empty the application tables first (drops nothing)')
    .option('--force', 'seed even a database marked as production or with NODE_ENV=production')
    .action(action(() => import('./commands/seed.js'), 'seedCommand'));

  return program;
}
