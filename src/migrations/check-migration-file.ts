import { splitStatements } from '../sql-text/split-statements.js';
import { lineColumn } from './code-frame.js';
import { DOWN_MARKER, MIGRATION_NAME, NO_TRANSACTION_HEADER, UP_MARKER } from './migration-file.js';
import { ALLOW_FORM, parseInlineAllows } from './plan/allow-hazards.js';

/** One way a migration file breaks aegis-db's rules. */
export interface MigrationFileViolation {
  rule:
    | 'file-name'
    | 'up-section'
    | 'down-section'
    | 'section-order'
    | 'no-transaction-one-statement'
    | 'allow-hazard-needs-reason'
    | 'ignore-needs-reason';
  message: string;
  help: string;
  /** Where in the text (0-based character offset), and as 1-based line and column. */
  offset: number;
  line: number;
  column: number;
  /** The runner refuses to load a file with this violation; the others are found by `aegis-db lint` only. */
  fatal: boolean;
}

const IGNORE_COMMENT = /--\s*squawk-ignore(-file)?\b([^\n]*)/g;
const RULES_THEN_REASON = /^\s+[a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*\s+--\s*\S/;

/** Everything before the Down section (what squawk lints: reverting is destructive by nature). */
export function upPart(text: string): string {
  const down = DOWN_MARKER.exec(text);
  return down ? text.slice(0, down.index) : text;
}

/** Declared `-- aegis:no-transaction` in the header (before the Up marker). */
export function isNoTransaction(text: string): boolean {
  const up = UP_MARKER.exec(text);
  return NO_TRANSACTION_HEADER.test(up ? text.slice(0, up.index) : text);
}

/**
 * aegis-db's rules for one migration file, on its raw text, in the order the runner checks them: file
 * name, an Up and a non-empty Down section in that order, one statement per section of a no-transaction
 * file, and a reason on every squawk ignore. Never throws; the loader throws the first fatal violation,
 * lint reports them all.
 */
export function checkMigrationFile(fileName: string, text: string): MigrationFileViolation[] {
  const found: MigrationFileViolation[] = [];
  const at = (offset: number, rule: MigrationFileViolation['rule'], message: string, help: string, fatal = true) => {
    found.push({ rule, message, help, offset, ...lineColumn(text, offset), fatal });
  };
  if (!MIGRATION_NAME.test(fileName)) {
    at(
      0,
      'file-name',
      `cannot parse the migration file name "${fileName}"`,
      'name migrations YYYYMMDDHHMMSS_snake_case_name.sql (aegis-db migrate create NAME makes one)',
    );
  }
  const up = UP_MARKER.exec(text);
  const down = DOWN_MARKER.exec(text);
  if (!up) at(0, 'up-section', 'no "-- Up Migration" line', 'start the forward SQL with a line "-- Up Migration"');
  if (!down) {
    at(
      text.length,
      'down-section',
      'no "-- Down Migration" section; every migration must be reversible',
      'add a line "-- Down Migration" followed by the SQL that reverts the Up section',
    );
  }
  if (up && down && down.index < up.index)
    at(
      down.index,
      'section-order',
      'the Down section comes before the Up section',
      'put "-- Up Migration" first, then "-- Down Migration"',
    );
  const downSql = down ? text.slice(down.index + down[0].length) : '';
  if (down && splitStatements(downSql).length === 0) {
    at(
      down.index,
      'down-section',
      'the Down section is empty; every migration must be reversible',
      'write the SQL that reverts the Up section under "-- Down Migration"',
    );
  }
  if (up && isNoTransaction(text)) {
    const upStart = up.index + up[0].length;
    const inOrder = down !== null && down.index > up.index;
    const sections = [
      { what: 'Up', offset: upStart, sql: text.slice(upStart, inOrder ? down.index : undefined) },
      ...(inOrder ? [{ what: 'Down', offset: down.index + down[0].length, sql: downSql }] : []),
    ];
    for (const section of sections) {
      const statements = splitStatements(section.sql);
      // An empty Down section is reported above.
      if (statements.length === 1 || (section.what === 'Down' && statements.length === 0)) continue;
      const second = statements[1]?.offset ?? 0;
      const leadingSpace = section.sql.slice(second).length - section.sql.slice(second).trimStart().length;
      at(
        section.offset + second + leadingSpace,
        'no-transaction-one-statement',
        `a no-transaction migration must hold exactly one statement per section, its ${section.what} section holds ${statements.length}`,
        'split it into one file per statement, so a failure half-way can be re-run safely',
      );
    }
  }
  for (const problem of parseInlineAllows(text).problems) {
    const offset =
      text
        .split('\n')
        .slice(0, problem.line - 1)
        .reduce((sum, line) => sum + line.length + 1, 0) +
      problem.column -
      1;
    found.push({
      rule: 'allow-hazard-needs-reason',
      message: problem.message,
      help: `write it as ${ALLOW_FORM}`,
      offset,
      line: problem.line,
      column: problem.column,
      fatal: false,
    });
  }
  for (const match of text.matchAll(IGNORE_COMMENT)) {
    if (!RULES_THEN_REASON.test(match[2]!)) {
      at(
        match.index,
        'ignore-needs-reason',
        `"${match[0].trim()}" must name the rules it ignores and say why`,
        `write it as -- squawk-ignore${match[1] ?? ''} rule-name, other-rule -- the reason it is safe here`,
        false,
      );
    }
  }
  return found;
}
