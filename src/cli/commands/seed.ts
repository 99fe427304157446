import type { Command } from 'commander';
import { contextOf, withEngine, type CommandContext } from '../context.js';
import { AegisError } from '../../errors/aegis-error.js';
import type { SeedProgress, SeedResult } from '../../seeding/seed.js';

interface SeedFlags {
  profile?: string;
  scale?: string;
  seed?: string;
  anchor?: string;
  reset?: boolean;
  force?: boolean;
}

function parseFlags(flags: SeedFlags): { profile: 'demo' | 'load'; scale?: number; seed?: number } {
  const profile = flags.profile ?? 'demo';
  if (profile !== 'demo' && profile !== 'load') {
    throw new AegisError('USAGE', `--profile must be demo or load, not "${profile}"`, { hint: 'e.g. --profile load --scale 0.1' });
  }
  let scale: number | undefined;
  if (flags.scale !== undefined) {
    scale = Number(flags.scale);
    if (!/^\d*\.?\d+$/.test(flags.scale) || !(scale > 0) || scale > 100) {
      throw new AegisError('USAGE', `--scale must be a number above 0 and at most 100, not "${flags.scale}"`, { hint: 'e.g. --scale 0.1 or --scale 1' });
    }
    if (profile !== 'load') throw new AegisError('USAGE', '--scale applies to the load profile only', { hint: 'add --profile load' });
  }
  let seed: number | undefined;
  if (flags.seed !== undefined) {
    if (!/^\d+$/.test(flags.seed) || !Number.isSafeInteger(Number(flags.seed))) {
      throw new AegisError('USAGE', `--seed must be a whole number >= 0, not "${flags.seed}"`, { hint: 'e.g. --seed 42' });
    }
    seed = Number(flags.seed);
  }
  return { profile, scale, seed };
}

/** A bar redrawn in place on a TTY; plain lines (one per table, at most every 10 %) otherwise. */
function progressReporter(context: CommandContext): ((progress: SeedProgress) => void) | undefined {
  if (context.flags.quiet || context.flags.json) return undefined;
  const tty = Boolean(process.stderr.isTTY);
  let lastTable = '';
  let lastDecile = -1;
  return ({ table, done, total }) => {
    const fraction = total > 0 ? Math.min(done / total, 1) : 1;
    if (tty) {
      const width = 30;
      const filled = Math.round(fraction * width);
      process.stderr.write(`\r${table.padEnd(18)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}\u001b[K`);
      if (fraction >= 1) process.stderr.write('\n');
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (table !== lastTable || decile > lastDecile) {
      if (table !== lastTable) lastDecile = -1;
      lastTable = table;
      if (decile > lastDecile && (decile === 10 || total >= 100_000)) context.output.note(`${table}: ${done}/${total} rows`);
      lastDecile = decile;
    }
  };
}

function report(context: CommandContext, engine: string, result: SeedResult): number {
  const { output } = context;
  output.json({ engine, ...result });
  const written = Object.entries(result.tables).filter(([, rows]) => rows > 0);
  if (result.alreadySeeded) {
    output.line(`Already seeded (${result.profile} profile, seed ${result.seed}, anchor ${result.anchor}): nothing to write.`);
  } else {
    for (const [table, rows] of written) output.line(`  ${table.padEnd(20)} ${rows.toLocaleString('en-US').padStart(12)} rows`);
    const total = written.reduce((sum, [, rows]) => sum + rows, 0);
    output.line(
      `${output.paint('green', '✔')} seeded ${result.profile} profile${result.scale !== undefined ? ` at scale ${result.scale}` : ''} (seed ${result.seed}, anchor ${result.anchor}): ` +
        `${total.toLocaleString('en-US')} rows in ${(result.durationMs / 1000).toFixed(1)} s, ${result.rowsPerSecond.toLocaleString('en-US')} rows/s (${result.bulk === 'copy' ? 'COPY' : 'batched INSERT'})`,
    );
  }
  if (result.logins) {
    output.line();
    output.line('Login credentials:');
    for (const login of result.logins) output.line(`  ${login.role.padEnd(9)} ${login.email.padEnd(26)} / ${result.demoPassword}`);
  }
  return 0;
}

export async function seedCommand(command: Command): Promise<number> {
  const context = await contextOf(command);
  const flags = command.opts<SeedFlags>();
  const parsed = parseFlags(flags);
  const { seed, parseAnchor } = await import('../../seeding/seed.js');
  parseAnchor(flags.anchor);
  return withEngine(context, async (engine) => {
    const result = await seed({
      target: engine.target,
      ...parsed,
      anchor: flags.anchor,
      reset: Boolean(flags.reset),
      force: Boolean(flags.force),
      nodeEnv: context.config.nodeEnv,
      migrationsDir: context.config.migrationsDir,
      bulk: engine.kind === 'embedded' ? 'insert' : 'copy',
      logger: context.output.logger(),
      onProgress: progressReporter(context),
    });
    return report(context, engine.kind, result);
  });
}
