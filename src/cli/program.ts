import { Command, Option } from 'commander';
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

/** `flags` (e.g. '--lock-wait <duration>') parsed by `parser`, which names the flag in its errors: the flag is written once. */
function parsedOption<T>(flags: string, description: string, parser: (flag: string) => (text: string) => T): Option {
  return new Option(flags, description).argParser(parser(flags.split(' ')[0]!));
}

const TRACE_ON = 'where the trace runs: embedded (PGlite in memory, default) or server (a scratch database on the target server)';

/** The options several commands take, each defined once; `description` says what it does for that command. */
const shared = {
  count: () => new Option('--count <n>', 'at most this many migrations').argParser(parse.count),
  to: (description: string) => new Option('--to <name>', description),
  dryRun: (description: string) => new Option('--dry-run', description),
  lockWait: (description: string) => parsedOption('--lock-wait <duration>', description, parse.duration),
  lockTimeout: (description: string) => parsedOption('--lock-timeout <duration>', description, parse.lockTimeout),
  statementTimeout: (description: string) => parsedOption('--statement-timeout <duration>', description, parse.duration),
  traceOn: () => new Option('--trace-on <engine>', TRACE_ON).argParser(parse.traceOn),
  allowHazard: (description: string) => new Option('--allow-hazard <id...>', description).argParser(parse.hazardIds),
  force: (description: string) => new Option('--force', description),
};

function migrateOptions(command: Command): Command {
  return command
    .addOption(shared.count())
    .addOption(shared.to('up: stop after this migration; down: revert until it is the last applied (0 = all)'))
    .addOption(shared.dryRun('print the SQL that would run; touch nothing (no lock, no bookkeeping tables)'))
    .addOption(shared.lockWait('wait this long for another runner to finish (default 30s)'))
    .addOption(shared.lockTimeout('lock_timeout of the migration session (default 10s)'))
    .addOption(shared.statementTimeout('statement_timeout of the migration session (default 10min)'));
}

/** migrate up's hazard gate (see migrate plan). */
function hazardOptions(command: Command): Command {
  return command
    .option(
      '--check-hazards',
      'trace the pending migrations first and refuse hazards not allowed (default: only on a database marked production)',
    )
    .option('--no-check-hazards', 'never trace before applying, even on a database marked production')
    .addOption(shared.allowHazard('hazard ids to allow in every file (see migrate plan)'))
    .addOption(shared.traceOn());
}

/** The command `name` under `parent`, with its one-line description. */
function subcommand(parent: Command, name: string, description: string): Command {
  return parent.command(name).description(description);
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
    .addOption(shared.force(FORCE_DOWN))
    .action(action(migrateCommands, 'migrateDown'));
  migrateOptions(migrate.command('redo').description('revert and re-apply the last migration (or --count N)'))
    .addOption(shared.force(FORCE_DOWN))
    .action(action(migrateCommands, 'migrateRedo'));
  subcommand(
    migrate,
    'plan',
    "trace the pending migrations on a throwaway copy of the schema: per statement its locks, rewrites, index builds and constraints, hazards weighed by the target's table sizes; exit 12 on hazards not allowed",
  )
    .addOption(shared.count())
    .addOption(shared.to('stop after this migration'))
    .addOption(shared.traceOn())
    .addOption(shared.allowHazard('hazard ids to allow in every file; in a file: -- aegis:allow-hazard ID -- why it is safe'))
    .option('--format <format>', 'table (default), markdown (a pull-request comment) or json', parse.planFormat)
    .addOption(shared.lockTimeout('lock_timeout of the trace session, as of the real run (default 10s)'))
    .addOption(shared.statementTimeout('statement_timeout of the trace session (default 10min)'))
    .action(action(migrateCommands, 'migratePlan'));
  subcommand(migrate, 'status', 'applied migrations with their time, and pending ones').action(action(migrateCommands, 'migrateStatus'));
  subcommand(migrate, 'create', 'write a new timestamped migration from the template')
    .argument('<name>', 'snake_case name, e.g. add_job_ratings')
    .action(action(migrateCommands, 'migrateCreate'));
  subcommand(migrate, 'validate', 'refuse (exit 7) when an applied migration was edited or deleted, or a new one sorts before it').action(
    action(integrityCommands, 'migrateValidate'),
  );
  subcommand(
    migrate,
    'repair',
    'after review: accept the current files (record checksums of edited ones, forget deleted ones); runs no migration SQL',
  )
    .addOption(shared.lockWait('wait this long for a running migration to finish (default 30s)'))
    .action(action(integrityCommands, 'migrateRepair'));
  subcommand(
    program,
    'lint',
    "squawk's rules (told which files run inside a transaction) plus ours: reversible, well named, one statement per no-transaction file",
  )
    .argument('[files...]', 'migration files (default: every migration)')
    .action(action(() => import('./commands/lint.js'), 'lint'));
  const schema = program.command('schema').description('normalized snapshot of the live schema, and drift against the committed one');
  subcommand(schema, 'dump', 'print the snapshot (or write it with --out)')
    .option('--out <file>', 'write it here, e.g. schema/schema.snapshot.txt')
    .action(action(schemaCommands, 'schemaDump'));
  subcommand(schema, 'diff', 'compare the live schema with the committed snapshot; exit 7 when they differ')
    .option('--snapshot <file>', 'snapshot to compare with (default: schema/schema.snapshot.txt of aegis-db)')
    .action(action(schemaCommands, 'schemaDiff'));
  subcommand(
    program,
    'doctor',
    'connection, versions, PostGIS, privileges, pending/modified migrations, the migration lock: ok/warn/fail',
  ).action(action(() => import('./commands/doctor.js'), 'doctor'));

  subcommand(program, 'retention', 'drop expired location_history partitions, create ones ahead, soft-delete inactive users (R-7 §9)')
    .addOption(shared.dryRun('report what would be dropped, deleted and soft-deleted; change nothing'))
    .addOption(parsedOption('--location-days <n>', 'keep this many days of location history (default 30)', parse.days))
    .addOption(parsedOption('--inactive-days <n>', 'soft-delete users with no login for this many days (default 365)', parse.days))
    .addOption(shared.lockTimeout('lock_timeout of each partition drop, retried 5 times (default 2s)'))
    .action(action(() => import('./commands/retention.js'), 'retentionCommand'));
  const privacy = program.command('privacy').description('CCPA requests for one user (R-7 §9.1)');
  subcommand(privacy, 'export', 'print everything stored about the user as one JSON document (no password hash, no tokens)')
    .argument('<user>', 'email or id')
    .action(action(privacyCommands, 'privacyExportCommand'));
  subcommand(
    privacy,
    'forget',
    'anonymize personal data, delete sessions and location history, soft-delete the account; keep jobs and payments',
  )
    .argument('<user>', 'email or id')
    .addOption(shared.dryRun('report what would be removed; change nothing'))
    .action(action(privacyCommands, 'privacyForgetCommand'));
  subcommand(program, 'dev', 'serve the embedded database (migrated, demo-seeded when empty) on 127.0.0.1 for other services, until Ctrl-C')
    .option('--port <n>', 'port on 127.0.0.1 (default 54329; 0 = any free port)', parse.port)
    .option('--no-seed', 'do not seed the demo profile into an empty database')
    .addOption(
      parsedOption(
        '--idle-transaction-timeout <duration>',
        'end a client idle inside a transaction this long, as it blocks all others (default 30s or AEGIS_IDLE_TRANSACTION_TIMEOUT; 0 = never)',
        parse.duration,
      ),
    )
    .action(action(() => import('./commands/dev.js'), 'devCommand'));
  subcommand(program, 'dump', "pg_dump (PostgreSQL 18's, as plain SQL) of the embedded database, stopped or served by aegis-db dev")
    .option('--schema-only', 'only the schema')
    .option('--data-only', 'only the data')
    .option('--out <file>', 'write it here instead of stdout')
    .action(action(() => import('./commands/dump.js'), 'dumpCommand'));
  subcommand(program, 'docs', 'regenerate docs/erd.md (from the live catalog) and docs/cli.md (from --help)')
    .option('--check', 'fail (exit 7) when the committed files are stale; write nothing')
    .option('--out-dir <dir>', 'folder to write to', 'docs')
    .action(run(async (command) => (await import('./commands/docs.js')).docsCommand(command, buildProgram())));
  subcommand(
    program,
    'types',
    'generate src/generated/types.ts, schemas.ts and queries.ts (aegis-db/types, /schemas, /queries) from the migrated database, describing every sql/ named query against it',
  )
    .option('--out <dir>', 'folder to write to (default: src/generated of the aegis-db package)')
    .option(
      '--check',
      'fail (exit 7) with a diff when the committed files are stale, or naming the file, line and column of a named query that no longer prepares; write nothing',
    )
    .action(action(() => import('./commands/types.js'), 'typesCommand'));

  subcommand(
    program,
    'seed',
    'fill a migrated database: R-7 demo logins and a realistic marketplace (demo), or volumes (load); refuses production',
  )
    .option('--profile <name>', 'demo (default) or load', parse.seedProfile)
    .option('--scale <n>', 'load volume: 1 = 1,000 users, 10,000 jobs, 1,000,000 location points (default 1)', parse.seedScale)
    .option('--seed <n>', 'PRNG seed: the same seed and anchor give identical rows, ids included (default 7)', parse.seedNumber)
    .option('--anchor <date>', 'YYYY-MM-DD the seeded times are relative to (default: today, UTC)', parse.anchorDate)
    .option('--reset', 'empty the application tables first (drops nothing)')
    .addOption(shared.force('seed even a database marked as production or with NODE_ENV=production'))
    .action(action(() => import('./commands/seed.js'), 'seedCommand'));

  return program;
}
