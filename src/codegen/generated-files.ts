import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedFile } from './generate.js';
import { lineDiff } from './line-diff.js';

export interface StaleFile {
  path: string;
  /** 'missing' when the committed file does not exist. */
  diff: string | 'missing';
}

/** Writes the files whose content changed; returns the paths written. */
export function writeGeneratedFiles(outDir: string, files: GeneratedFile[]): string[] {
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const file of files) {
    const path = join(outDir, file.path);
    if (existsSync(path) && readFileSync(path, 'utf8') === file.content) continue;
    writeFileSync(path, file.content);
    written.push(path);
  }
  return written;
}

/** The committed files that differ from what generation gives now, each with a diff (committed → fresh). */
export function staleGeneratedFiles(outDir: string, files: GeneratedFile[]): StaleFile[] {
  const stale: StaleFile[] = [];
  for (const file of files) {
    const path = join(outDir, file.path);
    if (!existsSync(path)) {
      stale.push({ path, diff: 'missing' });
      continue;
    }
    const committed = readFileSync(path, 'utf8');
    if (committed !== file.content) stale.push({ path, diff: lineDiff(committed, file.content) });
  }
  return stale;
}
