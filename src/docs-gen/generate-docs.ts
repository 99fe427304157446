import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { startEmbedded } from '../database/embedded.js';
import { databaseTarget, withClient } from '../database/target.js';
import { AegisError } from '../errors/aegis-error.js';
import { migratedSnapshot } from '../testing/migrated-snapshot.js';
import { readErdModel } from './erd-model.js';
import { renderCliReference } from './render-cli-reference.js';
import { renderErd } from './render-erd.js';

export interface GeneratedDoc {
  path: string;
  content: string;
}

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
export async function generateDocs(options: GenerateDocsOptions): Promise<GeneratedDoc[]> {
  const server = await startEmbedded({ dataDir: undefined, loadDataDir: await migratedSnapshot(options.migrationsDir) });
  let erd: string;
  try {
    erd = renderErd(await withClient(databaseTarget(server.url), readErdModel, { applicationName: 'aegis-db docs' }));
  } finally {
    await server.stop();
  }
  return [
    { path: join(options.outDir, 'erd.md'), content: erd },
    { path: join(options.outDir, 'cli.md'), content: renderCliReference(options.program) },
  ];
}

export function writeDocs(docs: GeneratedDoc[]): void {
  for (const doc of docs) {
    mkdirSync(join(doc.path, '..'), { recursive: true });
    writeFileSync(doc.path, doc.content);
  }
}

function firstDifference(expected: string, actual: string): string {
  const want = expected.split('\n');
  const have = actual.split('\n');
  for (let i = 0; i < Math.max(want.length, have.length); i++) {
    if (want[i] !== have[i]) return `line ${i + 1}:\n  committed: ${have[i] ?? '(end of file)'}\n  generated: ${want[i] ?? '(end of file)'}`;
  }
  return '';
}

/** Throws an INTEGRITY error naming every stale or missing file and its first differing line. */
export function checkDocs(docs: GeneratedDoc[]): void {
  const stale = docs.filter((doc) => !existsSync(doc.path) || readFileSync(doc.path, 'utf8') !== doc.content);
  if (stale.length === 0) return;
  const detail = stale
    .map((doc) => `${relative(process.cwd(), doc.path)}: ${existsSync(doc.path) ? firstDifference(doc.content, readFileSync(doc.path, 'utf8')) : 'missing'}`)
    .join('\n');
  throw new AegisError('INTEGRITY', `${stale.map((doc) => relative(process.cwd(), doc.path)).join(', ')} ${stale.length === 1 ? 'is' : 'are'} stale`, {
    hint: 'run npm run docs and commit the result',
    detail,
  });
}
