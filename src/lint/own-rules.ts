import { DOWN_MARKER, MIGRATION_NAME, NO_TRANSACTION_HEADER, UP_MARKER } from '../migrations/migration-file.js';
import { lineColumn } from '../migrations/code-frame.js';
import { splitStatements } from '../sql-text/split-statements.js';
import type { LintViolation } from './lint-violation.js';
import { ALLOW_FORM, parseInlineAllows } from '../migrations/plan/allow-hazards.js';

const IGNORE_COMMENT = /--\s*squawk-ignore(-file)?\b([^\n]*)/g;
const RULES_THEN_REASON = /^\s+[a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*\s+--\s*\S/;

/** The part of a migration squawk should see: everything before the Down section (reverting is destructive by nature). */
export function upPart(text: string): string {
  const down = DOWN_MARKER.exec(text);
  return down ? text.slice(0, down.index) : text;
}

export function isNoTransaction(text: string): boolean {
  const up = UP_MARKER.exec(text);
  return NO_TRANSACTION_HEADER.test(up ? text.slice(0, up.index) : text);
}

/**
 * aegis-db's own rules, on the raw text (so a malformed file yields violations, not an exception):
 * file name format, Up and non-empty Down sections, one statement per no-transaction file, and a reason
 * on every squawk ignore.
 */
export function checkOwnRules(file: string, fileName: string, text: string): LintViolation[] {
  const found: LintViolation[] = [];
  const at = (offset: number, rule: string, message: string, help: string) => {
    const { line, column } = lineColumn(text, offset);
    found.push({ file, line, column, rule, message, help, source: 'aegis-db' });
  };
  if (!MIGRATION_NAME.test(fileName)) {
    at(0, 'file-name', `"${fileName}" is not named YYYYMMDDHHMMSS_snake_case_name.sql`, 'rename it; aegis-db migrate create NAME makes a correctly named file');
  }
  const up = UP_MARKER.exec(text);
  const down = DOWN_MARKER.exec(text);
  if (!up) at(0, 'up-section', 'no "-- Up Migration" line', 'start the forward SQL with a line "-- Up Migration"');
  if (!down) {
    at(text.length, 'down-section', 'no "-- Down Migration" section; every migration must be reversible', 'add "-- Down Migration" and the SQL that reverts the Up section');
  } else if (splitStatements(text.slice(down.index + down[0].length)).length === 0) {
    at(down.index, 'down-section', 'the Down section is empty; every migration must be reversible', 'write the SQL that reverts the Up section under "-- Down Migration"');
  }
  if (up && down && down.index < up.index) at(down.index, 'section-order', 'the Down section comes before the Up section', 'put "-- Up Migration" first');
  if (up && isNoTransaction(text)) {
    const sections = down && down.index > up.index
      ? [['Up', up.index + up[0].length, text.slice(up.index + up[0].length, down.index)], ['Down', down.index + down[0].length, text.slice(down.index + down[0].length)]] as const
      : [['Up', up.index + up[0].length, text.slice(up.index + up[0].length)]] as const;
    for (const [what, offset, sql] of sections) {
      const statements = splitStatements(sql);
      if (statements.length > 1) {
        const second = statements[1]!.offset;
        const leadingSpace = sql.slice(second).length - sql.slice(second).trimStart().length;
        at(offset + second + leadingSpace, 'no-transaction-one-statement', `a no-transaction migration holds one statement per section; its ${what} section holds ${statements.length}`, 'split it into one file per statement, so a failure half-way can be re-run safely');
      }
    }
  }
  for (const problem of parseInlineAllows(text).problems) {
    const { line, column, message } = problem;
    found.push({ file, line, column, rule: 'allow-hazard-needs-reason', message, help: `write it as ${ALLOW_FORM}`, source: 'aegis-db' });
  }
  for (const match of text.matchAll(IGNORE_COMMENT)) {
    if (!RULES_THEN_REASON.test(match[2]!)) {
      at(match.index, 'ignore-needs-reason', `"${match[0].trim()}" must name the rules it ignores and say why`, `write it as -- squawk-ignore${match[1] ?? ''} rule-name, other-rule -- the reason it is safe here`);
    }
  }
  return found;
}
