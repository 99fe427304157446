import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { posixRegexToJs } from '../../src/codegen/checks/posix-regex.js';
import { defaultValueCode, translateCheck } from '../../src/codegen/checks/translate-check.js';
import { parseCheckDefinition } from '../../src/codegen/checks/sql-expression.js';
import type { ColumnModel, SchemaModel, TableModel } from '../../src/introspection/schema-model.js';
import * as R from '../../src/pg-types/sql-checks.js';
import { toGeographyParam } from '../../src/pg-types/wkb-point.js';

const model = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'schema-model.json'), 'utf8')) as SchemaModel;
const table = (name: string) => model.tables.find((t) => t.name === name)!;

/** The refinement of `definition` on `t` as a function of a row. */
function predicate(t: TableModel, definition: string) {
  const translation = translateCheck(t, { name: 'c', definition });
  expect(translation.untranslated).toBeNull();
  return new Function('R', 'r', `return ${translation.refinement!.code};`).bind(null, R) as (
    row: Record<string, unknown>,
  ) => boolean | null;
}

describe('CHECK translation (pg_get_constraintdef text → types and refinements)', () => {
  it('translates every CHECK of the committed schema but those on a database function or the server clock', () => {
    const untranslated = model.tables.flatMap((t) =>
      t.checks
        .map((check) => translateCheck(t, check))
        .filter((c) => c.untranslated !== null)
        .map((c) => c.name),
    );
    // valid_wgs84_point() is a database function; now() is the server's clock (the lower bound of recorded_at is kept).
    expect(untranslated).toEqual([
      'guard_profiles_current_location_wgs84_check',
      'jobs_check_in_location_wgs84_check',
      'jobs_check_out_location_wgs84_check',
      'jobs_location_coordinates_wgs84_check',
      'location_history_location_wgs84_check',
      'location_history_recorded_at_check',
    ]);
  });

  it('turns = ANY (ARRAY[…]) lists into labels and jsonb_typeof checks into JSON shapes', () => {
    const narrowings = model.tables.flatMap((t) =>
      t.checks.flatMap((check) =>
        translateCheck(t, check).narrowings.map((n) => `${t.name}.${n.column}:${n.kind === 'labels' ? n.labels.join('|') : n.shape}`),
      ),
    );
    expect(narrowings).toEqual(
      expect.arrayContaining([
        'location_history.device_type:ios|android|web',
        'sessions.device_type:web|ios|android',
        'users.background_check_status:checkr_pending|checkr_clear|checkr_consider',
        'guard_profiles.skills:stringArray',
        'jobs.required_skills:stringArray',
        'users.metadata:object',
      ]),
    );
    expect(narrowings.find((n) => n.startsWith('guard_profiles.license_state:'))!.split('|')).toHaveLength(56);
    const labels = translateCheck(table('users'), {
      name: 'c',
      definition: "CHECK (background_check_status::text IN ('a'::text, 'b'::text))",
    });
    expect(labels.narrowings).toEqual([{ column: 'background_check_status', kind: 'labels', labels: ['a', 'b'] }]);
    expect(labels.refinement).toBeNull();
  });

  it('evaluates cross-column checks with SQL semantics: NULL passes, false fails', () => {
    const jobs = table('jobs');
    const timeRange = predicate(jobs, 'CHECK (end_time > start_time)');
    expect(timeRange({ start_time: new Date('2026-01-01T10:00:00Z'), end_time: '2026-01-01T11:00:00+00:00' })).toBe(true);
    expect(timeRange({ start_time: new Date('2026-01-01T10:00:00Z'), end_time: new Date('2026-01-01T10:00:00Z') })).toBe(false);
    expect(timeRange({ start_time: null, end_time: new Date() })).toBeNull();
    const bound = predicate(jobs, "CHECK (start_time >= '2000-01-01 00:00:00+00'::timestamp with time zone)");
    expect([bound({ start_time: new Date('2000-01-01T00:00:00Z') }), bound({ start_time: '1999-12-31T23:59:59Z' })]).toEqual([true, false]);
    const split = predicate(jobs, jobs.checks.find((c) => c.name === 'jobs_amount_split_check')!.definition);
    expect(split({ platform_fee_cents: 2147483647, guard_payout_cents: 1, total_amount_cents: 2147483647 })).toBe(false);
    expect(split({ platform_fee_cents: 10, guard_payout_cents: 90, total_amount_cents: 100 })).toBe(true);
    const lifecycle = predicate(jobs, jobs.checks.find((c) => c.name === 'jobs_checked_in_status_check')!.definition);
    expect(lifecycle({ status: 'requested', guard_checked_in_at: null })).toBe(true);
    expect(lifecycle({ status: 'matched', guard_checked_in_at: new Date() })).toBe(false);
    expect(lifecycle({ status: 'cancelled', guard_checked_in_at: new Date() })).toBe(true);
    expect(lifecycle({ status: 'completed', guard_checked_in_at: null })).toBe(false);
    const distinctGuard = predicate(jobs, 'CHECK (guard_id <> customer_id)');
    expect(distinctGuard({ guard_id: 'ABCDEF00-0000-4000-8000-000000000000', customer_id: 'abcdef00-0000-4000-8000-000000000000' })).toBe(
      false,
    );
  });

  it('evaluates lower(), btrim(), patterns and numeric ranges as PostgreSQL does', () => {
    const users = table('users');
    const lowercase = predicate(users, 'CHECK (email::text = lower(email::text))');
    expect([lowercase({ email: 'a@b.co' }), lowercase({ email: 'A@b.co' })]).toEqual([true, false]);
    const format = predicate(users, users.checks.find((c) => c.name === 'users_email_format_check')!.definition);
    expect([format({ email: 'a@b.co' }), format({ email: 'a b@c.d' }), format({ email: 'a@b' })]).toEqual([true, false, false]);
    const guards = table('guard_profiles');
    const licence = predicate(guards, "CHECK (btrim(license_number::text) <> ''::text)");
    // btrim() strips spaces only: a tab is a non-blank licence number to PostgreSQL.
    expect([licence({ license_number: '   ' }), licence({ license_number: '\t' }), licence({ license_number: ' A ' })]).toEqual([
      false,
      true,
      true,
    ]);
    const rating = predicate(guards, 'CHECK (average_rating >= 0::numeric AND average_rating <= 5::numeric)');
    expect([
      rating({ average_rating: '5.00' }),
      rating({ average_rating: '5.01' }),
      rating({ average_rating: '-0.01' }),
      rating({ average_rating: null }),
    ]).toEqual([true, false, false, null]);
    const json = predicate(guards, "CHECK (jsonb_typeof(metadata) = 'object'::text OR metadata IS NULL)");
    expect([json({ metadata: '{"a":1}' }), json({ metadata: '[1]' }), json({ metadata: null })]).toEqual([true, false, true]);
  });

  it('reads points as PostGIS does: st_x, st_y, st_srid, st_isvalid of a written or read point', () => {
    const locations = table('location_history');
    const latitude = predicate(
      locations,
      "CHECK (st_y(location::geometry) >= '-90'::integer::double precision AND st_y(location::geometry) <= 90::double precision AND st_srid(location::geometry) = 4326 AND st_isvalid(location::geometry) AND NOT st_isempty(location::geometry))",
    );
    expect(latitude({ location: toGeographyParam({ type: 'Point', coordinates: [10, 89.5] }) })).toBe(true);
    expect(latitude({ location: toGeographyParam({ type: 'Point', coordinates: [10, 91] }) })).toBe(false);
    expect(latitude({ location: { type: 'Point', coordinates: [10, -90] } })).toBe(true);
    expect(latitude({ location: null })).toBeNull();
  });

  it('lists what it cannot translate, with the reason, and keeps the parts it can', () => {
    const locations = table('location_history');
    expect(
      translateCheck(locations, { name: 'c', definition: 'CHECK (st_area(location::geometry) > 0::double precision)' }).untranslated,
    ).toMatch(/the function st_area\(\)/);
    expect(translateCheck(locations, { name: 'c', definition: "CHECK (app_version::text > '1.0'::text)" }).untranslated).toMatch(
      /collation/,
    );
    expect(translateCheck(locations, { name: 'c', definition: "CHECK (app_version::text ~~ '1.%'::text)" }).untranslated).toMatch(
      /not parsed/,
    );
    expect(translateCheck(locations, { name: 'c', definition: 'CHECK (recorded_at <= now())' }).untranslated).toMatch(/now\(\)/);
    const partly = translateCheck(locations, {
      name: 'c',
      definition: 'CHECK (speed_mps >= 0::numeric AND st_area(location::geometry) > 0::double precision)',
    });
    expect(partly.untranslated).toMatch(/^partly: /);
    expect(partly.refinement!.columns).toEqual(['speed_mps']);
  });

  it('parses what pg_get_constraintdef prints: casts, IS [NOT] DISTINCT FROM, CASE, NOT VALID', () => {
    expect(parseCheckDefinition('CHECK (from_status IS DISTINCT FROM to_status)')).toEqual({
      kind: 'distinct',
      left: { kind: 'column', name: 'from_status' },
      right: { kind: 'column', name: 'to_status' },
      negated: false,
    });
    expect(parseCheckDefinition("CHECK ((a)::text = 'x'::character varying(3)::text) NOT VALID")).toMatchObject({
      kind: 'binary',
      op: '=',
    });
    expect(() => parseCheckDefinition('CHECK (a = ALL (ARRAY[1]))')).toThrow(/ALL/);
  });

  it('translates POSIX patterns it can read exactly and refuses the rest', () => {
    expect(posixRegexToJs('^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$')).toBe('^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$');
    expect(posixRegexToJs('^[A-Z]{2}/[0-9]+$')).toBe('^[A-Z]{2}\\/[0-9]+$');
    expect(() => posixRegexToJs('^\\m')).toThrow(/escape/);
    expect(() => posixRegexToJs('[[:punct:]]')).toThrow(/punct/);
  });

  it('knows the defaults a left-out column takes on insert', () => {
    const column = ({ type, ...extra }: Omit<Partial<ColumnModel>, 'type'> & { type: Partial<ColumnModel['type']> }): ColumnModel => ({
      name: 'c',
      nullable: false,
      default: null,
      identity: null,
      generated: null,
      virtual: false,
      comment: null,
      ...extra,
      type: { schema: 'pg_catalog', name: 'text', kind: 'base', isArray: false, sql: 'text', maxLength: null, ...type },
    });
    expect(defaultValueCode(column({ default: "'requested'::job_status", type: { name: 'job_status', kind: 'enum' } }))).toBe(
      "'requested'",
    );
    expect(defaultValueCode(column({ default: 'now()', type: { name: 'timestamptz' } }))).toBe('new Date()');
    expect(defaultValueCode(column({ default: '0', type: { name: 'int4' } }))).toBe('0');
    expect(defaultValueCode(column({ default: "'[]'::jsonb", type: { name: 'jsonb' } }))).toBe("'[]'");
    expect(defaultValueCode(column({ default: 'gen_random_uuid()', type: { name: 'uuid' } }))).toBeUndefined();
    expect(defaultValueCode(column({ nullable: true, type: {} }))).toBe('null');
  });
});
