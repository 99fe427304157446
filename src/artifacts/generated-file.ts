import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { unifiedDiff } from './text-diff.js';

/** A file that aegis-db generates and the repository commits (types, schemas, docs). */
export interface GeneratedFile {
  /** Absolute, or relative to the working directory. */
  path: string;
  content: string;
}

export interface StaleFile {
  path: string;
  /** 'missing' when the committed file does not exist; else a line diff, committed → generated. */
  diff: string | 'missing';
  /** The committed content, null when missing. */
  committed: string | null;
  /** What generation gives now. */
  content: string;
}

/** Writes the files whose content changed (creating folders); returns the paths written. */
export function writeGeneratedFiles(files: GeneratedFile[]): string[] {
  const written: string[] = [];
  for (const file of files) {
    if (existsSync(file.path) && readFileSync(file.path, 'utf8') === file.content) continue;
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.content);
    written.push(file.path);
  }
  return written;
}

/** The committed files that differ from what generation gives now, each with its diff. Writes nothing. */
export function staleGeneratedFiles(files: GeneratedFile[]): StaleFile[] {
  const stale: StaleFile[] = [];
  for (const file of files) {
    if (!existsSync(file.path)) {
      stale.push({ path: file.path, diff: 'missing', committed: null, content: file.content });
      continue;
    }
    const committed = readFileSync(file.path, 'utf8');
    if (committed !== file.content)
      stale.push({ path: file.path, diff: unifiedDiff(committed, file.content), committed, content: file.content });
  }
  return stale;
}
