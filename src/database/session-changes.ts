/** What a statement may change in its session, judged from its text (cheap, and deliberately eager). */
export interface SessionChanges {
  settings: boolean;
  temporary: boolean;
  prepared: boolean;
  advisory: boolean;
  /** Custom settings (`aegis.user_id`) it names: PostgreSQL does not list those in pg_settings. */
  customNames: string[];
}

const STATEMENT_START = String.raw`(?:^|;)\s*`;
const SETS = new RegExp(`${STATEMENT_START}(?:set|reset|discard)\\s`, 'im');
const SET_CONFIG = /set_config\s*\(/i;
const CUSTOM_IN_SET_CONFIG = /set_config\s*\(\s*'([a-z_][\w$]*\.[\w$.]+)'/gi;
const CUSTOM_IN_SET = new RegExp(`${STATEMENT_START}(?:set|reset)\\s+(?:session\\s+|local\\s+)?"?([a-z_][\\w$]*\\.[\\w$.]+)`, 'gim');
const TEMPORARY = /\btemp(?:orary)?\b|\bpg_temp\b|\bdiscard\b/i;
const PREPARED = new RegExp(`${STATEMENT_START}(?:prepare|deallocate|discard)\\s`, 'im');
const ADVISORY = /advisory|\bdiscard\b/i;

/**
 * A statement that changes session state through a function (a PL/pgSQL body calling set_config) is not
 * seen here; README's "Engines" section says so.
 */
export function sessionChanges(sql: string): SessionChanges {
  const customNames = [...sql.matchAll(CUSTOM_IN_SET_CONFIG), ...sql.matchAll(CUSTOM_IN_SET)].map((match) => match[1]!.toLowerCase());
  return {
    settings: SETS.test(sql) || SET_CONFIG.test(sql),
    temporary: TEMPORARY.test(sql),
    prepared: PREPARED.test(sql),
    advisory: ADVISORY.test(sql),
    customNames,
  };
}
