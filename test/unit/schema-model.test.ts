import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { erdModelOf } from '../../src/docs-gen/erd-model.js';
import { renderErd } from '../../src/docs-gen/render-erd.js';
import { renderSnapshot } from '../../src/schema-snapshot/dump-schema.js';
import type { SchemaModel } from '../../src/introspection/schema-model.js';
import { APP_TABLES } from '../../src/seeding/reset-app-tables.js';

const root = join(import.meta.dirname, '..', '..');
/** What `introspect()` returns for the committed migrations (both engines return the same). */
const model = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'schema-model.json'), 'utf8')) as SchemaModel;
const table = (name: string) => model.tables.find((t) => t.name === name)!;

describe('the schema model', () => {
  it("is what seed --reset empties: aegis-db's own tables, no more, no fewer", () => {
    expect([...APP_TABLES].sort()).toEqual(model.tables.map((t) => t.name));
  });

  it('holds every application table once (partitions and extension tables never), in name order', () => {
    expect(model.tables.map((t) => t.name)).toEqual([
      'guard_profiles',
      'job_status_history',
      'jobs',
      'location_history',
      'payments',
      'sessions',
      'users',
    ]);
    expect(table('location_history').kind).toBe('partitioned');
  });

  it('holds primary keys and foreign keys with what they reference and their actions', () => {
    expect(table('users').primaryKey).toEqual({ name: 'users_pkey', columns: ['id'] });
    expect(table('guard_profiles').foreignKeys).toContainEqual(
      expect.objectContaining({
        columns: ['user_id'],
        references: { schema: 'public', table: 'users', columns: ['id'] },
        onDelete: 'cascade',
      }),
    );
    expect(
      table('job_status_history')
        .foreignKeys.map((key) => key.references.table)
        .sort(),
    ).toEqual(['jobs', 'users']);
  });

  it('holds CHECKs as PostgreSQL prints them, and no NOT NULL among them', () => {
    expect(table('job_status_history').checks).toContainEqual({
      name: 'job_status_history_change_check',
      definition: 'CHECK (from_status IS DISTINCT FROM to_status)',
    });
    for (const t of model.tables) for (const check of t.checks) expect(check.definition).toMatch(/^CHECK /);
  });

  it('holds indexes with their key columns, uniqueness and partial predicate', () => {
    const users = table('users');
    expect(users.indexes.find((index) => index.primary)).toMatchObject({
      name: 'users_pkey',
      columns: ['id'],
      unique: true,
      predicate: null,
    });
    expect(model.tables.flatMap((t) => t.indexes).some((index) => index.predicate !== null)).toBe(true);
    for (const t of model.tables) expect(t.indexes.map((index) => index.name)).toEqual([...t.indexes.map((index) => index.name)].sort());
  });

  it('renders the committed ERD byte for byte', () => {
    expect(renderErd(erdModelOf(model))).toBe(readFileSync(join(root, 'docs', 'erd.md'), 'utf8'));
  });

  it('renders the committed schema snapshot byte for byte (public is the only schema the migrations own)', () => {
    expect(model.catalog.schemas.map((schema) => schema.name)).toEqual(['public']);
    expect(renderSnapshot(model)).toBe(readFileSync(join(root, 'schema', 'schema.snapshot.txt'), 'utf8'));
  });
});
