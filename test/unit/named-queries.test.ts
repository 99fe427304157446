import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateQueries, queryNames } from '../../src/codegen/queries/generate-queries.js';
import { NAMED_QUERIES, namedQuery } from '../../src/queries/named-query.js';
import { loadQueryFiles } from '../../src/queries/load-query-files.js';
import { outerJoinedTables } from '../../src/queries/outer-joined-tables.js';
import { parseQueryFile } from '../../src/queries/parse-query-file.js';
import type { QueryModel } from '../../src/queries/query-model.js';
import { splitStatements } from '../../src/sql-text/split-statements.js';

const SQL_DIR = join(import.meta.dirname, '..', '..', 'sql');
/** What describeQueries() returned for three edge-case files (outer join, geography/json/null-default params, no params). */
const fixtureModel = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'query-model.json'), 'utf8')) as QueryModel;

const parse = (text: string) => parseQueryFile('q', 'sql/q.sql', text);

describe('named queries in sql/', () => {
  it('lists every file of sql/ and nothing else', () => {
    const files = readdirSync(SQL_DIR).map((name) => name.replace(/\.sql$/, ''));
    expect([...NAMED_QUERIES].sort()).toEqual(files.sort());
  });

  it.each(loadQueryFiles(SQL_DIR).map((file) => [file.name, file] as const))(
    '%s is one statement with described, named parameters',
    (_name, file) => {
      expect(splitStatements(file.sql)).toHaveLength(1);
      expect(file.description).not.toBeNull();
      for (const param of file.params) expect(param.description, param.name).not.toBeNull();
      expect(file.sql).not.toMatch(/(?<!:):[A-Za-z_]/);
    },
  );

  it('namedQuery() gives the positional SQL, $n being the n-th @param', () => {
    expect(namedQuery('match-guards-for-job')).toMatch(/WHERE job\.id = \$1\b/);
    expect(namedQuery('match-guards-for-job')).toMatch(/ST_DWithin\(gp\.current_location, job\.location_coordinates, \$2\)/);
    expect(namedQuery('match-guards-for-job')).toMatch(/LIMIT \$3\b/);
  });
});

describe('the header of a named query', () => {
  it('declares parameters with a description and an optional JSON default, and column nullability', () => {
    const file = parse(`-- What it answers,
-- over two lines.
-- @param jobId the job
-- @param radius = 24140.1 meters
-- @param label = "it's" a string default
-- @param since = null nullable and optional
-- @notNull distance, b
-- @nullable c
SELECT :jobId, :radius, :label, :since, :jobId`);
    expect(file.description).toBe('What it answers,\nover two lines.');
    expect(file.params).toEqual([
      { name: 'jobId', description: 'the job' },
      { name: 'radius', description: 'meters', default: 24140.1 },
      { name: 'label', description: 'a string default', default: "it's" },
      { name: 'since', description: 'nullable and optional', default: null },
    ]);
    expect(file.notNull).toEqual(['distance', 'b']);
    expect(file.nullable).toEqual(['c']);
    expect(file.sql).toBe('SELECT $1, $2, $3, $4, $1');
  });

  it('rewrites placeholders only in code: casts, strings, quoted names, comments and dollar quotes are kept', () => {
    const file = parse(`-- @param a
SELECT :a::int, ':a', E'\\':a', "x:a", $$ :a $$, $t$ :a $t$ -- :a
/* :a */ FROM t WHERE x = :a`);
    expect(file.sql).toBe(`SELECT $1::int, ':a', E'\\':a', "x:a", $$ :a $$, $t$ :a $t$ -- :a
/* :a */ FROM t WHERE x = $1`);
  });

  it('maps an offset of the sent SQL back to the file', () => {
    const text = '-- @param longName\nSELECT :longName, nope';
    const file = parse(text);
    expect(file.sql).toBe('SELECT $1, nope');
    expect(text.slice(file.sourceOffset(file.sql.indexOf('nope')))).toBe('nope');
  });

  it.each([
    ['-- @param a\nSELECT :b, :a', 'sql/q.sql:2:8: parameter :b is not declared'],
    ['-- @param a\n-- @param b\nSELECT :a', 'sql/q.sql:1:1: parameter b is declared but the statement never uses :b'],
    ['-- @param a\nSELECT :a, $1', 'sql/q.sql:2:12: positional parameter $1 in a named query'],
    ['-- @params a\nSELECT 1', 'sql/q.sql:1:1: unknown header line: @params a'],
    ['-- @param a\n-- @param a\nSELECT :a', 'sql/q.sql:2:1: parameter a is declared twice'],
    ['-- @notNull a\n-- @nullable a\nSELECT 1 AS a', 'sql/q.sql:1:1: column a is declared both @notNull and @nullable'],
    ['-- only a header\n', 'sql/q.sql:2:1: the file has no statement after its header'],
    ['SELECT 1;\nDELETE FROM users', 'sql/q.sql:2:1: a named query is one statement; this file has more'],
  ])('refuses %j naming the file, line and column', (text, message) => {
    expect(() => parse(text)).toThrow(message);
  });
});

describe('outer joins', () => {
  it('names the tables on the nullable side of a LEFT JOIN', () => {
    expect(outerJoinedTables('SELECT * FROM a JOIN b ON true LEFT OUTER JOIN public.c x ON true LEFT JOIN d ON true')).toEqual({
      tables: ['public.c', 'd'],
      opaque: false,
    });
  });

  it.each([
    'SELECT * FROM a RIGHT JOIN b ON true',
    'SELECT * FROM a FULL JOIN b ON true',
    'SELECT * FROM a LEFT JOIN (SELECT 1) b ON true',
    'SELECT * FROM a LEFT JOIN LATERAL f(a.x) b ON true',
    'SELECT * FROM a LEFT JOIN generate_series(1, 2) g ON true',
    'SELECT x FROM a UNION SELECT NULL',
    'SELECT x, count(*) FROM a GROUP BY ROLLUP (x)',
  ])('gives up on %s (no column is inferred NOT NULL)', (sql) => {
    expect(outerJoinedTables(sql).opaque).toBe(true);
  });

  it('ignores keywords in comments and strings', () => {
    expect(outerJoinedTables(`SELECT 'left join x', "full" FROM a -- right join\n/* union */`)).toEqual({ tables: [], opaque: false });
  });
});

describe('generated queries module', () => {
  it('names each query after its file', () => {
    expect(queryNames('match-guards-for-job')).toEqual({
      fn: 'matchGuardsForJob',
      params: 'MatchGuardsForJobParams',
      row: 'MatchGuardsForJobRow',
      rowSchema: 'matchGuardsForJobRowSchema',
      query: 'matchGuardsForJobQuery',
    });
  });

  it('covers outer joins, geography/json/null-default parameters and a query without parameters (snapshot)', async () => {
    const code = generateQueries(fixtureModel);
    expect(code).toContain('  guard_first_name: string | null;');
    expect(code).toContain('  location_coordinates: GeoPoint;');
    expect(code).toContain('  point?: GeoPoint | null;');
    expect(code).toContain("{ name: 'point', encoding: 'geography', default: null }");
    expect(code).toContain("{ name: 'skills', encoding: 'json' }");
    expect(code).toContain(
      'export function countUsers(db: QueryExecutor, params: CountUsersParams = {}, options?: RunOptions): Promise<CountUsersRow[]>',
    );
    await expect(code).toMatchFileSnapshot('__snapshots__/edge-queries.ts.snap');
  });

  it('is byte-identical for equal models', () => {
    expect(generateQueries(structuredClone(fixtureModel))).toBe(generateQueries(fixtureModel));
  });

  it('refuses two files that would generate the same name, or a name aegis-db/queries already exports', () => {
    const twice = structuredClone(fixtureModel);
    twice.queries.push({ ...twice.queries[0]!, name: 'count_users', file: 'sql/count_users.sql' });
    expect(() => generateQueries(twice)).toThrow(
      'sql/count_users.sql would generate the name countUsers, which sql/count-users.sql already exports',
    );
    const reserved = structuredClone(fixtureModel);
    reserved.queries[0] = { ...reserved.queries[0]!, name: 'named-query', file: 'sql/named-query.sql' };
    expect(() => generateQueries(reserved)).toThrow(
      'sql/named-query.sql would generate the name namedQuery, which aegis-db/queries itself already exports',
    );
  });

  it('refuses a result type it cannot map, naming the query and the column', () => {
    const model = structuredClone(fixtureModel);
    model.queries[0]!.columns[0]!.type = {
      schema: 'public',
      name: 'geography',
      kind: 'base',
      isArray: false,
      sql: 'geography',
      maxLength: null,
    };
    expect(() => generateQueries(model)).toThrow(
      /^sql\/count-users\.sql: result column users: aegis-db types maps only geography\(Point,4326\) columns/,
    );
  });
});
