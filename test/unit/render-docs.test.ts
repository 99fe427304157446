import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { renderErd } from '../../src/docs-gen/render-erd.js';
import { renderCliReference } from '../../src/docs-gen/render-cli-reference.js';
import type { ErdModel } from '../../src/docs-gen/erd-model.js';

const model: ErdModel = {
  tables: [
    {
      name: 'users',
      partitioned: false,
      columns: [
        { name: 'id', type: 'uuid', nullable: false, primaryKey: true, foreignKey: false, unique: false },
        { name: 'email', type: 'varchar(255)', nullable: false, primaryKey: false, foreignKey: false, unique: true },
      ],
    },
    {
      name: 'guard_profiles',
      partitioned: false,
      columns: [
        { name: 'user_id', type: 'uuid', nullable: false, primaryKey: false, foreignKey: true, unique: true },
        { name: 'current_location', type: 'geography(Point,4326)', nullable: true, primaryKey: false, foreignKey: false, unique: false },
      ],
    },
    {
      name: 'jobs',
      partitioned: false,
      columns: [
        { name: 'guard_id', type: 'uuid', nullable: true, primaryKey: false, foreignKey: true, unique: false },
        { name: 'duration_hours', type: 'numeric(5,2)', nullable: true, primaryKey: false, foreignKey: false, unique: false },
      ],
    },
  ],
  relationships: [
    { parent: 'users', child: 'guard_profiles', columns: ['user_id'], required: true, oneToOne: true },
    { parent: 'users', child: 'jobs', columns: ['guard_id'], required: false, oneToOne: false },
  ],
  enums: [{ name: 'user_role', labels: ['customer', 'guard', 'admin'] }],
};

describe('renderErd', () => {
  const text = renderErd(model);

  it('writes a Mermaid erDiagram with keys and Mermaid-safe types (full type kept in the comment)', () => {
    expect(text).toContain('```mermaid\nerDiagram\n');
    expect(text).toContain('    uuid id PK "not null"');
    expect(text).toContain('    varchar(255) email UK "not null"');
    expect(text).toContain('    uuid user_id FK, UK "not null"');
    expect(text).toContain('    geography current_location "geography(Point,4326)"');
    expect(text).toContain('    numeric duration_hours "numeric(5,2)"');
  });

  it('derives cardinality from nullability and uniqueness of the foreign key', () => {
    expect(text).toContain('  users ||--o| guard_profiles : "user_id"');
    expect(text).toContain('  users |o--o{ jobs : "guard_id"');
  });

  it('lists enum labels in order and is deterministic', () => {
    expect(text).toContain('| `user_role` | `customer`, `guard`, `admin` |');
    expect(renderErd(model)).toBe(text);
  });
});

describe('renderCliReference', () => {
  it('has a section with the help of every command and subcommand', () => {
    const program = new Command('tool').description('a tool');
    const group = program.command('group').description('a group');
    group.command('leaf').description('a leaf').option('--flag', 'a flag');
    program.command('other').description('another');
    const text = renderCliReference(program);
    for (const heading of ['## tool', '## tool group', '## tool group leaf', '## tool other']) expect(text).toContain(`\n${heading}\n`);
    expect(text).toContain('--flag');
    expect(text).toContain('- [`tool group leaf`](#tool-group-leaf)');
  });
});
