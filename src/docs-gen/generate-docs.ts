import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { staleGeneratedFiles, writeGeneratedFiles, type GeneratedFile } from '../artifacts/generated-file.js';
import { firstDifference } from '../artifacts/text-diff.js';
import { startEmbedded } from '../database/embedded.js';
import { databaseTarget, withClient } from '../database/target.js';
import { AegisError } from '../errors/aegis-error.js';
import { introspect } from '../introspection/introspect.js';
import { migratedSnapshot } from '../migrations/migrated-snapshot.js';
import { erdModelOf } from './erd-model.js';
import { renderCliReference } from './render-cli-reference.js';
import { renderErd } from './render-erd.js';

export interface GenerateDocsOptions {
  /** Folder the docs are written to (docs/ of the checkout). */
  outDir: string;
  migrationsDir: string;
  /** The CLI whose help becomes docs/cli.md. */
  program: Command;
}

/**
 * Renders docs/erd.md from a throwaway in-memory database with every migration applied (never the
 * configured one, so the ERD is the same wherever it is generated) and docs/cli.md from the program.
 */
export async function generateDocs(options: GenerateDocsOptions): Promise<GeneratedFile[]> {
  const server = await startEmbedded({ dataDir: undefined, loadDataDir: await migratedSnapshot(options.migrationsDir) });
  let erd: string;
  try {
    erd = renderErd(
      erdModelOf(await withClient(databaseTarget(server.url), (client) => introspect(client), { applicationName: 'aegis-db docs' })),
    );
  } finally {
    await server.stop();
  }
  return [
    { path: join(options.outDir, 'erd.md'), content: erd },
    { path: join(options.outDir, 'cli.md'), content: renderCliReference(options.program) },
  ];
}

export function writeDocs(docs: GeneratedFile[]): void {
  writeGeneratedFiles(docs);
}

/** Throws an INTEGRITY error naming every stale or missing file and its first differing line. */
export function checkDocs(docs: GeneratedFile[]): void {
  const stale = staleGeneratedFiles(docs);
  if (stale.length === 0) return;
  const detail = stale
    .map(
      (file) =>
        `${relative(process.cwd(), file.path)}: ${file.committed === null ? 'missing' : firstDifference(file.committed, file.content, { before: 'committed', after: 'generated' })}`,
    )
    .join('\n');
  throw new AegisError(
    'INTEGRITY',
    `${stale.map((file) => relative(process.cwd(), file.path)).join(', ')} ${stale.length === 1 ? 'is' : 'are'} stale`,
    {
      hint: 'run npm run docs and commit the result',
      detail,
    },
  );
}
