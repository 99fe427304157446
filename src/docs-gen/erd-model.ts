import type { SchemaModel, TableModel } from '../introspection/schema-model.js';

export interface ErdColumn {
  name: string;
  /** format_type() with long spellings shortened: varchar(255), timestamptz, numeric(6,2). */
  type: string;
  nullable: boolean;
  primaryKey: boolean;
  foreignKey: boolean;
  unique: boolean;
}

export interface ErdTable {
  name: string;
  partitioned: boolean;
  columns: ErdColumn[];
}

export interface ErdRelationship {
  parent: string;
  child: string;
  columns: string[];
  /** The child's FK columns are all NOT NULL: every child row has exactly one parent. */
  required: boolean;
  /** The FK columns are unique in the child: at most one child per parent. */
  oneToOne: boolean;
}

export interface ErdModel {
  tables: ErdTable[];
  relationships: ErdRelationship[];
  enums: { name: string; labels: string[] }[];
}

function shortType(type: string): string {
  return type
    .replace(/^character varying/, 'varchar')
    .replace(/^timestamp with time zone/, 'timestamptz')
    .replace(/^timestamp without time zone/, 'timestamp')
    .replace(/^double precision/, 'float8');
}

/** Non-partial unique indexes, as the column sets they make unique (key columns, and every column they hold). */
function uniqueIndexes(table: TableModel) {
  return table.indexes
    .filter((index) => index.unique && index.predicate === null)
    .map((index) => ({ keys: index.columns, all: [...index.columns, ...index.include] }));
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * What the ERD shows of the schema model: tables (partitions never appear in the model, so the diagram is
 * the same from day to day), key markers per column, one relationship per foreign key, and the enums. Pure.
 */
export function erdModelOf(model: SchemaModel): ErdModel {
  const tables = model.tables.map((table): ErdTable => {
    const unique = uniqueIndexes(table);
    const inForeignKey = new Set(table.foreignKeys.flatMap((key) => key.columns));
    return {
      name: table.name,
      partitioned: table.kind === 'partitioned',
      columns: table.columns.map((column) => {
        const primaryKey = table.primaryKey?.columns.includes(column.name) ?? false;
        return {
          name: column.name,
          type: shortType(column.type.sql),
          nullable: column.nullable,
          primaryKey,
          foreignKey: inForeignKey.has(column.name),
          unique: !primaryKey && unique.some((index) => index.keys.length === 1 && index.keys[0] === column.name),
        };
      }),
    };
  });
  const relationships = model.tables
    .flatMap((table) =>
      table.foreignKeys.map((key) => {
        const unique = uniqueIndexes(table);
        return {
          sort: [key.references.table, table.name, key.name],
          relationship: {
            parent: key.references.table,
            child: table.name,
            columns: key.columns,
            required: key.columns.every((name) => table.columns.find((column) => column.name === name)?.nullable === false),
            oneToOne: unique.some(
              (index) => index.keys.length === key.columns.length && key.columns.every((name) => index.all.includes(name)),
            ),
          },
        };
      }),
    )
    .sort((a, b) => byName(a.sort[0]!, b.sort[0]!) || byName(a.sort[1]!, b.sort[1]!) || byName(a.sort[2]!, b.sort[2]!))
    .map((entry) => entry.relationship);
  return { tables, relationships, enums: model.enums.map((item) => ({ name: item.name, labels: item.labels })) };
}
