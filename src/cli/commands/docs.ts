import type { Command } from 'commander';
import { relative, resolve } from 'node:path';
import { contextOf } from '../context.js';

export async function docsCommand(command: Command): Promise<number> {
  const context = await contextOf(command);
  const flags = command.opts<{ check?: boolean; outDir: string }>();
  const [{ generateDocs, writeDocs, checkDocs }, { buildProgram }] = await Promise.all([
    import('../../docs-gen/generate-docs.js'),
    import('../program.js'),
  ]);
  const docs = await generateDocs({ outDir: resolve(flags.outDir), migrationsDir: context.config.migrationsDir, program: buildProgram() });
  if (flags.check) {
    checkDocs(docs);
    context.output.line(`${docs.map((doc) => relative(process.cwd(), doc.path)).join(', ')}: up to date.`);
  } else {
    writeDocs(docs);
    for (const doc of docs) context.output.line(`wrote ${relative(process.cwd(), doc.path)}`);
  }
  context.output.json({ check: Boolean(flags.check), files: docs.map((doc) => doc.path) });
  return 0;
}
