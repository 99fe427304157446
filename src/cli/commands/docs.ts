import type { Command } from 'commander';
import { relative, resolve } from 'node:path';
import { checkDocs, generateDocs, writeDocs } from '../../index.js';
import { contextOf } from '../context.js';

/** `program` is a fresh copy of the CLI, whose help becomes docs/cli.md. */
export async function docsCommand(command: Command, program: Command): Promise<void> {
  const context = contextOf(command);
  const flags = command.opts<{ check?: boolean; outDir: string }>();
  const docs = await generateDocs({ outDir: resolve(flags.outDir), migrationsDir: context.config.migrationsDir, program });
  if (flags.check) {
    await checkDocs(docs);
    context.output.line(`${docs.map((doc) => relative(process.cwd(), doc.path)).join(', ')}: up to date.`);
  } else {
    await writeDocs(docs);
    for (const doc of docs) context.output.line(`wrote ${relative(process.cwd(), doc.path)}`);
  }
  context.output.json({ check: Boolean(flags.check), files: docs.map((doc) => doc.path) });
}
