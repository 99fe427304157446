import {
  AegisError,
  ANCHOR_RANGE,
  anchorProblem,
  parseDuration,
  parseLockTimeout,
  type AegisErrorText,
  type OptionName,
  type OptionWording,
  type TraceOn,
} from '../index.js';

/**
 * Every flag value the CLI parses, as commander argParsers: a bad value is a USAGE error (exit 2) naming
 * the flag, before the command starts. Durations reach loadConfig as milliseconds; the environment
 * variables it falls back to are parsed there.
 */

/** The flag of each option the library's errors name (see option() in src/errors/option.ts). */
const FLAGS: Record<OptionName, string> = {
  allowHazards: '--allow-hazard',
  anchor: '--anchor',
  databaseUrl: '--database-url',
  dataDir: '--data-dir',
  dataOnly: '--data-only',
  dryRun: '--dry-run',
  force: '--force',
  lockTimeout: '--lock-timeout',
  lockWait: '--lock-wait',
  memory: '--memory',
  migrationsDir: '--migrations-dir',
  port: '--port',
  reset: '--reset',
  schemaOnly: '--schema-only',
  seed: '--seed',
  snapshotPath: '--snapshot',
  statementTimeout: '--statement-timeout',
  to: '--to',
  traceOn: '--trace-on',
};

/** The CLI's terms: an option is its flag, followed by the value it asks for (`--trace-on server`). */
export const inFlags: OptionWording = (name, value) => (typeof value === 'string' ? `${FLAGS[name]} ${value}` : FLAGS[name]);

/** An error's message and hint as the CLI shows them, options named by their flags. */
export function cliWording(error: AegisError): AegisErrorText {
  return error.worded(inFlags);
}

function usage(message: string, hint?: string): AegisError {
  return new AegisError('USAGE', message, hint === undefined ? {} : { hint });
}

/** --count N: a positive whole number. */
export function count(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw usage(`--count must be a positive whole number, not "${text}"`, 'e.g. --count 2');
  return Number(text);
}

/** A whole number of days, 1 to 36500. */
export function days(flag: string): (text: string) => number {
  return (text) => {
    if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 36_500)
      throw usage(`${flag} must be a whole number of days from 1 to 36500, not "${text}"`, `e.g. ${flag} 30`);
    return Number(text);
  };
}

/** A duration like 500ms, 30s or 2min, in milliseconds. */
export function duration(flag: string): (text: string) => number {
  return (text) => parseDuration(text, flag);
}

/** A lock_timeout: a duration, never 0 (PostgreSQL's "wait forever"). */
export function lockTimeout(flag: string): (text: string) => number {
  return (text) => parseLockTimeout(text, flag);
}

/** --port N on 127.0.0.1. */
export function port(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535)
    throw usage(`--port must be a port number (0-65535), not "${text}"`, 'e.g. --port 54329, or 0 for any free port');
  return Number(text);
}

/** --trace-on embedded|server */
export function traceOn(text: string): TraceOn {
  if (text === 'embedded' || text === 'server') return text;
  throw usage(
    `--trace-on must be embedded or server, not "${text}"`,
    'embedded: PGlite in memory (default); server: a scratch database on the target server',
  );
}

export type PlanFormat = 'table' | 'markdown' | 'json';

/** migrate plan --format */
export function planFormat(text: string): PlanFormat {
  if (text === 'table' || text === 'markdown' || text === 'json') return text;
  throw usage(`--format must be table, markdown or json, not "${text}"`, 'markdown suits a pull-request comment');
}

/** --allow-hazard a b, or a,b (repeatable): the ids as given; migrate checks that each names a hazard. */
export function hazardIds(text: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...text
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  ];
}

/** seed --profile */
export function seedProfile(text: string): 'demo' | 'load' {
  if (text === 'demo' || text === 'load') return text;
  throw usage(`--profile must be demo or load, not "${text}"`, 'e.g. --profile load --scale 0.1');
}

/** seed --scale: above 0, at most 100. */
export function seedScale(text: string): number {
  const scale = Number(text);
  if (!/^\d*\.?\d+$/.test(text) || !(scale > 0) || scale > 100)
    throw usage(`--scale must be a number above 0 and at most 100, not "${text}"`, 'e.g. --scale 0.1 or --scale 1');
  return scale;
}

/** seed --seed: a whole number >= 0. */
export function seedNumber(text: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw usage(`--seed must be a whole number >= 0, not "${text}"`, 'e.g. --seed 42');
  return Number(text);
}

/** seed --anchor YYYY-MM-DD, a day that exists within the range seed accepts. */
export function anchorDate(text: string): string {
  const problem = anchorProblem(text);
  if (problem !== undefined) {
    throw usage(
      `--anchor must be a date YYYY-MM-DD from ${ANCHOR_RANGE.from} to ${ANCHOR_RANGE.to}, not "${text}"${problem}`,
      'e.g. --anchor 2026-11-22',
    );
  }
  return text;
}
