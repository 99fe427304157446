export interface OuterJoins {
  /** Tables named right after LEFT [OUTER] JOIN: their columns may be NULL in the result. */
  tables: string[];
  /**
   * The statement has a construct whose NULLs the catalog cannot place (RIGHT/FULL JOIN, a LEFT JOIN of a
   * subquery or function, a set operation, grouping sets): no result column is inferred NOT NULL.
   */
  opaque: boolean;
}

// Comments, string literals, quoted identifiers and dollar-quoted bodies hold no keywords.
const NOT_CODE = /--[^\n]*|\/\*[\s\S]*?\*\/|[Ee]'(?:[^'\\]|\\.|'')*'|'(?:[^']|'')*'|"(?:[^"]|"")*"|\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$/g;
const OPAQUE = new Set(['right', 'full', 'union', 'intersect', 'except', 'rollup', 'cube', 'grouping']);

/** Which tables a statement outer-joins, read from its keywords (conservatively: when unsure, `opaque`). */
export function outerJoinedTables(sql: string): OuterJoins {
  const words = sql.replace(NOT_CODE, ' ').match(/[A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)?|\(/g) ?? [];
  const lower = words.map((word) => word.toLowerCase());
  const tables: string[] = [];
  let opaque = false;
  lower.forEach((word, index) => {
    if (OPAQUE.has(word)) opaque = true;
    if (word !== 'left') return;
    let next = index + 1;
    if (lower[next] === 'outer') next += 1;
    if (lower[next] !== 'join') return;
    next += 1;
    if (lower[next] === 'only') next += 1;
    const target = words[next];
    if (target === undefined || target === '(' || lower[next] === 'lateral' || lower[next + 1] === '(') opaque = true;
    else tables.push(target);
  });
  return { tables, opaque };
}
