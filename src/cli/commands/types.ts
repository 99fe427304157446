import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { AegisError, generateTypesFromDatabase, packageRoot } from '../../index.js';
import { contextOf, withEngine } from '../context.js';

interface TypesFlags {
  out?: string;
  check?: boolean;
}

function milliseconds(ms: number): string {
  return `${Math.round(ms)} ms`;
}

/** `aegis-db types [--out DIR] [--check]`: generate (or verify) src/generated/types.ts and schemas.ts from the configured database. */
export async function typesCommand(command: Command): Promise<void> {
  const context = contextOf(command);
  const flags = command.opts<TypesFlags>();
  const outDir = flags.out ? resolve(flags.out) : join(packageRoot(), 'src', 'generated');
  await withEngine(context, async (engine) => {
    const result = await generateTypesFromDatabase({
      target: engine.target,
      outDir,
      check: flags.check,
      migrationsDir: context.config.migrationsDir,
      logger: context.output.logger(),
    });
    const { output } = context;
    const shown = (path: string) => relative(process.cwd(), path) || path;
    output.json({
      engine: engine.kind,
      outDir,
      check: Boolean(flags.check),
      tables: result.tables,
      enums: result.enums,
      queries: result.queries,
      written: result.written,
      stale: result.stale.map((file) => file.path),
      introspectMs: Math.round(result.introspectMs),
      generateMs: Math.round(result.generateMs),
    });
    const timing = `(introspection ${milliseconds(result.introspectMs)}, generation ${milliseconds(result.generateMs)})`;
    if (flags.check) {
      if (result.stale.length === 0) {
        output.line(
          `Generated types are up to date: ${result.files.map((file) => shown(join(outDir, file.path))).join(', ')} ${output.paint('dim', timing)}`,
        );
        return;
      }
      for (const file of result.stale) {
        output.detail(output.paint('bold', `--- ${shown(file.path)} (committed) vs +++ the live schema`));
        output.detail(file.diff === 'missing' ? '(file missing)' : file.diff);
      }
      throw new AegisError('INTEGRITY', `generated types are stale: ${result.stale.map((file) => shown(file.path)).join(', ')}`, {
        hint: 'run `aegis-db types` against a freshly migrated database and commit the result',
      });
    }
    output.line(
      result.written.length === 0
        ? `Generated types unchanged: ${result.tables} tables, ${result.enums} enums, ${result.queries} named queries ${output.paint('dim', timing)}`
        : `Wrote ${result.written.map(shown).join(', ')}: ${result.tables} tables, ${result.enums} enums, ${result.queries} named queries ${output.paint('dim', timing)}`,
    );
  });
}
