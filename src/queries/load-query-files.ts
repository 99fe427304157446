import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AegisError } from '../errors/aegis-error.js';
import { parseQueryFile, type QueryFile } from './parse-query-file.js';

/** Every `*.sql` file of `sqlDir`, parsed, ordered by name. Files are named in messages as `sql/<file>`. */
export function loadQueryFiles(sqlDir: string): QueryFile[] {
  let names: string[];
  try {
    names = readdirSync(sqlDir)
      .filter((file) => file.endsWith('.sql'))
      .sort();
  } catch (error) {
    throw new AegisError('CONFIG', `cannot read the named queries folder ${sqlDir}`, {
      hint: 'point sqlDir at the folder of *.sql named queries',
      cause: error,
    });
  }
  return names.map((file) =>
    parseQueryFile(basename(file, '.sql'), `${basename(sqlDir)}/${file}`, readFileSync(join(sqlDir, file), 'utf8')),
  );
}
