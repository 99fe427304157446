/**
 * A parser for the boolean expressions PostgreSQL prints in pg_get_constraintdef (`CHECK (…)`): the subset
 * CHECK constraints are written in (comparisons, AND/OR/NOT, IS [NOT] NULL, IS [NOT] DISTINCT FROM,
 * `= ANY (ARRAY[…])`, IN lists, CASE, arithmetic, casts, function calls). Anything else is a
 * {@link SqlSyntaxError}, which the generator reports instead of guessing.
 */
export type SqlExpr =
  | { kind: 'column'; name: string }
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'cast'; expr: SqlExpr; type: string }
  | { kind: 'binary'; op: string; left: SqlExpr; right: SqlExpr }
  | { kind: 'not'; expr: SqlExpr }
  | { kind: 'negate'; expr: SqlExpr }
  | { kind: 'isNull'; expr: SqlExpr; negated: boolean }
  | { kind: 'distinct'; left: SqlExpr; right: SqlExpr; negated: boolean }
  | { kind: 'any'; op: string; left: SqlExpr; items: SqlExpr[] }
  | { kind: 'call'; name: string; args: SqlExpr[] }
  | { kind: 'case'; subject: SqlExpr | null; whens: Array<{ when: SqlExpr; then: SqlExpr }>; otherwise: SqlExpr | null }
  | { kind: 'array'; items: SqlExpr[] };

export class SqlSyntaxError extends Error {}

type Token = { type: 'ident' | 'quoted' | 'number' | 'string' | 'op'; text: string };

const OPERATORS = [
  '::',
  '<=',
  '>=',
  '<>',
  '!=',
  '!~*',
  '!~',
  '~*',
  '||',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '~',
  '(',
  ')',
  '[',
  ']',
  ',',
];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'" || ((ch === 'E' || ch === 'e') && text[i + 1] === "'")) {
      if (ch !== "'") throw new SqlSyntaxError("escape strings (E'…') are not translated");
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new SqlSyntaxError('unterminated string');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      tokens.push({ type: 'string', text: value });
    } else if (ch === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) throw new SqlSyntaxError('unterminated quoted identifier');
      tokens.push({ type: 'quoted', text: text.slice(i + 1, end) });
      i = end + 1;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(i))!;
      tokens.push({ type: 'number', text: match[0] });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(text.slice(i))!;
      tokens.push({ type: 'ident', text: match[0] });
      i += match[0].length;
    } else {
      const op = OPERATORS.find((candidate) => text.startsWith(candidate, i));
      if (!op) throw new SqlSyntaxError(`unexpected character ${ch}`);
      tokens.push({ type: 'op', text: op });
      i += op.length;
    }
  }
  return tokens;
}

// Multi-word type names as format_type prints them.
const TYPE_WORDS = new Set(['character', 'varying', 'double', 'precision', 'timestamp', 'time', 'with', 'without', 'zone', 'bit']);
const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'is',
  'null',
  'true',
  'false',
  'case',
  'when',
  'then',
  'else',
  'end',
  'any',
  'all',
  'some',
  'array',
  'in',
  'distinct',
  'from',
  'between',
  'like',
  'ilike',
  'similar',
]);
const COMPARISON = new Set(['=', '<>', '!=', '<', '<=', '>', '>=']);
const PATTERN = new Set(['~', '~*', '!~', '!~*']);

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.position + offset];
  }
  private isWord(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.type === 'ident' && token.text.toLowerCase() === word;
  }
  private isOp(op: string): boolean {
    const token = this.peek();
    return token?.type === 'op' && token.text === op;
  }
  private expectOp(op: string): void {
    if (!this.isOp(op)) throw new SqlSyntaxError(`expected ${op} at ${this.peek()?.text ?? 'the end'}`);
    this.position++;
  }
  private expectWord(word: string): void {
    if (!this.isWord(word)) throw new SqlSyntaxError(`expected ${word.toUpperCase()} at ${this.peek()?.text ?? 'the end'}`);
    this.position++;
  }

  parseAll(): SqlExpr {
    const expr = this.or();
    if (this.position < this.tokens.length) throw new SqlSyntaxError(`unexpected ${this.peek()!.text}`);
    return expr;
  }

  private or(): SqlExpr {
    let left = this.and();
    while (this.isWord('or')) {
      this.position++;
      left = { kind: 'binary', op: 'OR', left, right: this.and() };
    }
    return left;
  }
  private and(): SqlExpr {
    let left = this.not();
    while (this.isWord('and')) {
      this.position++;
      left = { kind: 'binary', op: 'AND', left, right: this.not() };
    }
    return left;
  }
  private not(): SqlExpr {
    if (this.isWord('not')) {
      this.position++;
      return { kind: 'not', expr: this.not() };
    }
    return this.is();
  }
  private is(): SqlExpr {
    let left = this.comparison();
    while (this.isWord('is')) {
      this.position++;
      let negated = false;
      if (this.isWord('not')) {
        negated = true;
        this.position++;
      }
      if (this.isWord('null')) {
        this.position++;
        left = { kind: 'isNull', expr: left, negated };
      } else if (this.isWord('distinct')) {
        this.position++;
        this.expectWord('from');
        left = { kind: 'distinct', left, right: this.comparison(), negated };
      } else if (this.isWord('true') || this.isWord('false')) {
        const value = this.peek()!.text.toLowerCase() === 'true';
        this.position++;
        // x IS TRUE never yields NULL: not distinct from the literal.
        left = { kind: 'distinct', left, right: { kind: 'literal', value }, negated: !negated };
      } else {
        throw new SqlSyntaxError(`IS ${this.peek()?.text ?? ''} is not translated`);
      }
    }
    return left;
  }
  private comparison(): SqlExpr {
    let left = this.pattern();
    for (;;) {
      const token = this.peek();
      if (token?.type === 'op' && COMPARISON.has(token.text)) {
        this.position++;
        const op = token.text === '!=' ? '<>' : token.text;
        if (this.isWord('any') || this.isWord('some')) {
          this.position++;
          this.expectOp('(');
          const items = this.arrayItems();
          this.expectOp(')');
          left = { kind: 'any', op, left, items };
        } else if (this.isWord('all')) {
          throw new SqlSyntaxError('ALL (…) is not translated');
        } else {
          left = { kind: 'binary', op, left, right: this.pattern() };
        }
      } else if (this.isWord('in') || (this.isWord('not') && this.isWord('in', 1))) {
        const negated = this.isWord('not');
        this.position += negated ? 2 : 1;
        this.expectOp('(');
        const items = [this.or()];
        while (this.isOp(',')) {
          this.position++;
          items.push(this.or());
        }
        this.expectOp(')');
        const any: SqlExpr = { kind: 'any', op: '=', left, items };
        left = negated ? { kind: 'not', expr: any } : any;
      } else if (this.isWord('between') || this.isWord('like') || this.isWord('ilike') || this.isWord('similar')) {
        throw new SqlSyntaxError(`${token!.text.toUpperCase()} is not translated`);
      } else {
        return left;
      }
    }
  }
  /** The operand of ANY: ARRAY[…] with an optional cast. */
  private arrayItems(): SqlExpr[] {
    let expr = this.additive();
    while (expr.kind === 'cast') expr = expr.expr;
    if (expr.kind !== 'array') throw new SqlSyntaxError('ANY over something other than an ARRAY[…] literal is not translated');
    return expr.items;
  }
  private pattern(): SqlExpr {
    let left = this.additive();
    for (;;) {
      const token = this.peek();
      if (token?.type === 'op' && (PATTERN.has(token.text) || token.text === '||')) {
        this.position++;
        left = { kind: 'binary', op: token.text, left, right: this.additive() };
      } else {
        return left;
      }
    }
  }
  private additive(): SqlExpr {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.peek()!.text;
      this.position++;
      left = { kind: 'binary', op, left, right: this.multiplicative() };
    }
    return left;
  }
  private multiplicative(): SqlExpr {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const op = this.peek()!.text;
      this.position++;
      left = { kind: 'binary', op, left, right: this.unary() };
    }
    return left;
  }
  private unary(): SqlExpr {
    if (this.isOp('-')) {
      this.position++;
      const expr = this.unary();
      if (expr.kind === 'literal' && typeof expr.value === 'number') return { kind: 'literal', value: -expr.value };
      return { kind: 'negate', expr };
    }
    if (this.isOp('+')) {
      this.position++;
      return this.unary();
    }
    return this.postfix();
  }
  private postfix(): SqlExpr {
    let expr = this.primary();
    while (this.isOp('::')) {
      this.position++;
      expr = { kind: 'cast', expr, type: this.typeName() };
    }
    return expr;
  }
  private typeName(): string {
    const first = this.peek();
    if (!first || (first.type !== 'ident' && first.type !== 'quoted')) throw new SqlSyntaxError('expected a type name after ::');
    this.position++;
    const words = [first.text];
    while (
      TYPE_WORDS.has(words.at(-1)!.toLowerCase()) &&
      this.peek()?.type === 'ident' &&
      TYPE_WORDS.has(this.peek()!.text.toLowerCase())
    ) {
      words.push(this.peek()!.text);
      this.position++;
    }
    let name = words.join(' ');
    if (this.isOp('(')) {
      this.position++;
      const args: string[] = [];
      while (!this.isOp(')')) {
        const token = this.peek();
        if (!token) throw new SqlSyntaxError('unterminated type modifier');
        args.push(token.text);
        this.position++;
      }
      this.position++;
      name += `(${args.join('')})`;
    }
    while (this.isOp('[')) {
      this.position++;
      this.expectOp(']');
      name += '[]';
    }
    return name;
  }
  private primary(): SqlExpr {
    const token = this.peek();
    if (!token) throw new SqlSyntaxError('unexpected end of expression');
    if (token.type === 'op' && token.text === '(') {
      this.position++;
      const expr = this.or();
      this.expectOp(')');
      return expr;
    }
    if (token.type === 'number') {
      this.position++;
      return { kind: 'literal', value: Number(token.text) };
    }
    if (token.type === 'string') {
      this.position++;
      return { kind: 'literal', value: token.text };
    }
    if (token.type === 'quoted') {
      this.position++;
      return { kind: 'column', name: token.text };
    }
    if (token.type !== 'ident') throw new SqlSyntaxError(`unexpected ${token.text}`);
    const word = token.text.toLowerCase();
    if (word === 'null' || word === 'true' || word === 'false') {
      this.position++;
      return { kind: 'literal', value: word === 'null' ? null : word === 'true' };
    }
    if (word === 'case') return this.caseExpr();
    if (word === 'array') {
      this.position++;
      this.expectOp('[');
      const items: SqlExpr[] = [];
      if (!this.isOp(']')) {
        items.push(this.or());
        while (this.isOp(',')) {
          this.position++;
          items.push(this.or());
        }
      }
      this.expectOp(']');
      return { kind: 'array', items };
    }
    if (KEYWORDS.has(word)) throw new SqlSyntaxError(`unexpected ${token.text.toUpperCase()}`);
    this.position++;
    if (this.isOp('(')) {
      this.position++;
      const args: SqlExpr[] = [];
      if (!this.isOp(')')) {
        args.push(this.or());
        while (this.isOp(',')) {
          this.position++;
          args.push(this.or());
        }
      }
      this.expectOp(')');
      return { kind: 'call', name: word, args };
    }
    if (word === 'current_date' || word === 'current_timestamp' || word === 'localtimestamp') return { kind: 'call', name: word, args: [] };
    return { kind: 'column', name: token.text };
  }
  private caseExpr(): SqlExpr {
    this.expectWord('case');
    const subject = this.isWord('when') ? null : this.or();
    const whens: Array<{ when: SqlExpr; then: SqlExpr }> = [];
    while (this.isWord('when')) {
      this.position++;
      const when = this.or();
      this.expectWord('then');
      whens.push({ when, then: this.or() });
    }
    let otherwise: SqlExpr | null = null;
    if (this.isWord('else')) {
      this.position++;
      otherwise = this.or();
    }
    this.expectWord('end');
    return { kind: 'case', subject, whens, otherwise };
  }
}

/** The expression of `CHECK (…)` as pg_get_constraintdef prints it (a trailing NOT VALID / NO INHERIT is allowed). */
export function parseCheckDefinition(definition: string): SqlExpr {
  const match = /^CHECK\s*\(([\s\S]*)\)(\s+NOT VALID|\s+NO INHERIT)*\s*$/.exec(definition.trim());
  if (!match) throw new SqlSyntaxError('not a CHECK (…) definition');
  return parseSqlExpression(match[1]!);
}

export function parseSqlExpression(text: string): SqlExpr {
  return new Parser(tokenize(text)).parseAll();
}
