import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../src/sql-text/split-statements.js';

describe('splitStatements', () => {
  it('splits on top-level semicolons only', () => {
    const script = `CREATE TABLE a (x text DEFAULT 'a;b');
-- a comment; with a semicolon
CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END $body$ LANGUAGE plpgsql;
/* block ; comment */ SELECT "we;ird" FROM a`;
    const texts = splitStatements(script).map((s) => s.text);
    expect(texts).toHaveLength(3);
    expect(texts[0]).toBe("CREATE TABLE a (x text DEFAULT 'a;b')");
    expect(texts[1]).toContain('RETURN 1; END $body$');
    expect(texts[2]).toContain('SELECT "we;ird" FROM a');
  });

  it('ignores comment-only and blank statements', () => {
    expect(splitStatements('-- nothing\n;\n  ;')).toHaveLength(0);
  });

  it('keeps offsets that point into the script', () => {
    const script = 'SELECT 1;\nSELECT 2;';
    const [, second] = splitStatements(script);
    expect(script.slice(second!.offset).trim().startsWith('SELECT 2')).toBe(true);
  });
});
