import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { AegisError, compareSchema, defaultSnapshotPath, liveSnapshot } from '../../index.js';
import { contextOf, withEngine } from '../context.js';

interface SchemaFlags {
  out?: string;
  snapshot?: string;
}

export async function schemaDump(command: Command): Promise<void> {
  const context = contextOf(command);
  const flags = command.opts<SchemaFlags>();
  await withEngine(context, async (engine) => {
    const snapshot = await liveSnapshot(engine.target);
    const { output } = context;
    if (flags.out) {
      const path = resolve(flags.out);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, snapshot);
      output.json({ path, lines: snapshot.split('\n').length - 1 });
      output.note(`wrote ${flags.out} (${snapshot.split('\n').length - 1} lines)`);
    } else if (output.options.json) {
      output.json({ snapshot });
    } else {
      output.data(snapshot);
    }
  });
}

export async function schemaDiff(command: Command): Promise<void> {
  const context = contextOf(command);
  const flags = command.opts<SchemaFlags>();
  await withEngine(context, async (engine) => {
    const snapshotPath = flags.snapshot ? resolve(flags.snapshot) : await defaultSnapshotPath();
    const result = await compareSchema({ target: engine.target, snapshotPath });
    const { output } = context;
    output.json({ engine: engine.kind, ...result, same: result.differences.length === 0 });
    if (result.differences.length === 0) {
      output.line(`The live schema matches ${flags.snapshot ?? 'the committed snapshot'}.`);
      return;
    }
    for (const difference of result.differences) {
      output.line(output.paint('bold', `@@ ${difference.object}`));
      for (const line of difference.removed) output.line(output.paint('red', `- ${line}`));
      for (const line of difference.added) output.line(output.paint('green', `+ ${line}`));
    }
    throw new AegisError(
      'INTEGRITY',
      `the live schema differs from ${flags.snapshot ?? 'the committed snapshot'} in ${result.differences.length} place(s) (- snapshot, + live)`,
      {
        hint: 'if the migrations changed, regenerate it with aegis-db schema dump --out schema/schema.snapshot.txt on a freshly migrated database; otherwise someone changed the database by hand',
      },
    );
  });
}
