import type { JsonbParam, JsonValue } from '../generated/types.js';

/**
 * A JSON value → its JSON text, to pass as a query parameter for a json/jsonb column through pg or Kysely.
 * pg sends a JavaScript array as a PostgreSQL array literal and a string as plain text, neither of which
 * jsonb reads; the text of `JSON.stringify` it reads exactly. The generated insert and update types of
 * jsonb columns take this (and plain objects, which pg already sends as JSON).
 */
export function jsonb<T extends JsonValue>(value: T): JsonbParam<T> {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('jsonb() takes a JSON value');
  return text as JsonbParam<T>;
}
