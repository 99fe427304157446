import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NAMED_QUERIES, namedQuery } from '../../src/queries/named-query.js';
import { splitStatements } from '../../src/sql-text/split-statements.js';

describe('named queries in sql/', () => {
  it('lists every file of sql/ and nothing else', () => {
    const files = readdirSync(join(import.meta.dirname, '..', '..', 'sql')).map((name) => name.replace(/\.sql$/, ''));
    expect([...NAMED_QUERIES].sort()).toEqual(files.sort());
  });

  it.each(NAMED_QUERIES)('%s is one statement that documents its parameters', (name) => {
    const text = namedQuery(name);
    expect(splitStatements(text)).toHaveLength(1);
    const used = new Set(text.match(/\$\d+/g));
    for (const parameter of used) expect(text.split('\n').filter((line) => line.startsWith('--')).join('\n')).toContain(parameter);
  });
});
