import type { Command } from 'commander';
import { AegisError, seed, type SeedProgress, type SeedResult } from '../../index.js';
import { contextOf, withEngine, type CommandContext } from '../context.js';

interface SeedFlags {
  profile?: 'demo' | 'load';
  scale?: number;
  seed?: number;
  anchor?: string;
  reset?: boolean;
  force?: boolean;
}

/**
 * A bar redrawn in place on a terminal; plain lines (one per table, at most every 10 %) otherwise.
 * Kept by hand rather than cli-progress: the drawing is one line, while that package brings a render
 * timer and its own terminal handling, and the plain lines for logs and CI would still be written here.
 */
function progressReporter(context: CommandContext): ((progress: SeedProgress) => void) | undefined {
  if (context.flags.quiet || context.flags.json) return undefined;
  const { output } = context;
  const tty = output.interactive;
  let lastTable = '';
  let lastDecile = -1;
  return ({ table, done, total }) => {
    const fraction = total > 0 ? Math.min(done / total, 1) : 1;
    if (tty) {
      const width = 30;
      const filled = Math.round(fraction * width);
      output.redraw(
        `${table.padEnd(18)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`,
        fraction >= 1,
      );
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (table !== lastTable || decile > lastDecile) {
      if (table !== lastTable) lastDecile = -1;
      lastTable = table;
      if (decile > lastDecile && (decile === 10 || total >= 100_000)) output.note(`${table}: ${done}/${total} rows`);
      lastDecile = decile;
    }
  };
}

function report(context: CommandContext, engine: string, result: SeedResult): void {
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
}

export async function seedCommand(command: Command): Promise<void> {
  const context = contextOf(command);
  const flags = command.opts<SeedFlags>();
  const profile = flags.profile ?? 'demo';
  if (flags.scale !== undefined && profile !== 'load')
    throw new AegisError('USAGE', '--scale applies to the load profile only', { hint: 'add --profile load' });
  await withEngine(context, async (engine) => {
    const result = await seed({
      target: engine.target,
      profile,
      scale: flags.scale,
      seed: flags.seed,
      anchor: flags.anchor,
      reset: Boolean(flags.reset),
      force: Boolean(flags.force),
      nodeEnv: context.config.nodeEnv,
      migrationsDir: context.config.migrationsDir,
      bulk: engine.kind === 'embedded' ? 'insert' : 'copy',
      logger: context.output.logger(),
      onProgress: progressReporter(context),
    });
    report(context, engine.kind, result);
  });
}
