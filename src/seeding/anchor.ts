import { AegisError } from '../errors/aegis-error.js';

/** The anchor days seed accepts: seeded times stay well inside what PostgreSQL, JavaScript and partition names can hold. */
export const ANCHOR_RANGE = { from: '1970-01-01', to: '2999-12-31' } as const;

/** What is wrong with an anchor day written YYYY-MM-DD ('' for its form, or why the day is refused), or undefined when it is one. */
export function anchorProblem(text: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return '';
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps the years 0-99 to 1900-1999.
  date.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (date.toISOString().slice(0, 10) !== text) return ' (no such day)';
  if (text < ANCHOR_RANGE.from || text > ANCHOR_RANGE.to) return ' (out of range)';
  return undefined;
}

/** The UTC midnight every seeded time is derived from: the given day, or today. */
export function parseAnchor(anchor: Date | string | undefined, now = new Date()): Date {
  if (anchor === undefined) return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const day = typeof anchor === 'string' ? anchor : Number.isNaN(anchor.getTime()) ? String(anchor) : dayOf(anchor);
  const problem = anchorProblem(day);
  if (problem !== undefined) {
    throw new AegisError(
      'USAGE',
      `the seed anchor must be a date YYYY-MM-DD from ${ANCHOR_RANGE.from} to ${ANCHOR_RANGE.to}, not "${day}"${problem}`,
      {
        hint: "e.g. anchor: '2026-11-22'",
      },
    );
  }
  return new Date(`${day}T00:00:00Z`);
}

/** The UTC day of `date`, YYYY-MM-DD. */
function dayOf(date: Date): string {
  const midnight = new Date(0);
  midnight.setUTCFullYear(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return midnight.toISOString().slice(0, 10);
}
