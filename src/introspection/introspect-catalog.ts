import { columnNames, inScope, notExtensionMember } from './catalog-filters.js';
import { columnTypeOf, type TypeRow } from './column-type.js';
import type {
  AclModel,
  CatalogModel,
  ConstraintModel,
  FunctionModel,
  IndexModel,
  ReferentialAction,
  RelationConstraintModel,
  RelationModel,
  TypeModel,
} from './schema-model.js';
import type { Queryable } from './schema-model.js';

/**
 * Partitions named <table>_pYYYYMMDD are created relative to today by a maintenance function, so listing
 * them would make the snapshot change every day; their parent and its DEFAULT partition stay in.
 */
const DATED_PARTITION = `'_p[0-9]{8}$'`;

/** The relations of the catalog model (alias c, with its namespace n). */
const RELATION_FILTER = `c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND ${inScope('n.nspname')} AND ${notExtensionMember('pg_class', 'c.oid')}
  AND NOT (c.relispartition AND c.relname ~ ${DATED_PARTITION})
  -- identity and serial sequences come and go with their column
  AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))`;

const OUR_RELATIONS = `(SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${RELATION_FILTER})`;

/**
 * The grantees of the objects `objects` (a FROM … WHERE over `catalog` aliased x), with their privileges.
 * `kind` is acldefault's object type, an expression over x.
 */
const aclSql = (objects: string, acl: string, owner: string, kind: string) => `
WITH o AS (SELECT x.oid, x.${acl} AS acl, x.${owner} AS owner, (${kind})::"char" AS kind FROM ${objects}),
     defaults AS (SELECT o.oid, array_agg(d.privilege_type ORDER BY d.privilege_type) AS privs FROM o, aclexplode(acldefault(o.kind, o.owner)) d WHERE d.grantee = o.owner GROUP BY o.oid),
     granted AS (SELECT o.oid, a.grantee, a.grantee = o.owner AS is_owner, a.privilege_type, a.is_grantable FROM o, aclexplode(coalesce(o.acl, acldefault(o.kind, o.owner))) a)
SELECT g.oid, CASE WHEN g.grantee = 0 THEN 'PUBLIC' WHEN g.is_owner THEN 'OWNER' ELSE pg_get_userbyid(g.grantee) END AS grantee,
       CASE WHEN bool_and(g.is_owner) AND array_agg(g.privilege_type ORDER BY g.privilege_type) @> (SELECT d.privs FROM defaults d WHERE d.oid = g.oid) THEN ARRAY['ALL']
            ELSE array_agg(g.privilege_type || CASE WHEN g.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END ORDER BY g.privilege_type) END AS privileges
  FROM granted g GROUP BY g.oid, 2 ORDER BY g.oid, 2`;

const NAMESPACES_SQL = `
SELECT n.oid, n.nspname AS name, obj_description(n.oid, 'pg_namespace') AS comment FROM pg_namespace n
 WHERE ${inScope('n.nspname')} AND ${notExtensionMember('pg_namespace', 'n.oid')} ORDER BY n.nspname`;

const NAMESPACE_ACL_SQL = aclSql(
  `pg_namespace x WHERE ${inScope('x.nspname')} AND ${notExtensionMember('pg_namespace', 'x.oid')}`,
  'nspacl',
  'nspowner',
  `'n'`,
);

const TYPES_SQL = `
SELECT n.nspname AS schema, t.typname AS name, format('%I.%I', n.nspname, t.typname) AS sql_name, t.typtype AS kind,
       array(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels,
       format_type(t.typbasetype, t.typtypmod) AS base_type, t.typnotnull AS not_null, t.typdefault AS default,
       array(SELECT quote_ident(c.conname) FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype <> 'n' ORDER BY c.conname) AS constraint_names,
       array(SELECT pg_get_constraintdef(c.oid, true) FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype <> 'n' ORDER BY c.conname) AS constraint_defs,
       array(SELECT quote_ident(a.attname) FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS attribute_names,
       array(SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS attribute_types,
       obj_description(t.oid, 'pg_type') AS comment
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE ${inScope('n.nspname')} AND ${notExtensionMember('pg_type', 't.oid')}
   AND (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
 ORDER BY 3`;

const RELATIONS_SQL = `
SELECT c.oid, n.nspname AS schema, c.relname AS name, format('%I.%I', n.nspname, c.relname) AS sql_name, c.relkind,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partkey,
       (SELECT format('%I.%I', pn.nspname, p.relname) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
         WHERE i.inhrelid = c.oid) AS parent,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS bound,
       c.relrowsecurity AS rls,
       obj_description(c.oid, 'pg_class') AS comment,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS viewdef
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE ${RELATION_FILTER}
 ORDER BY 4`;

// Domains are resolved to their base type; an array column reports its element type.
const RELATION_COLUMNS_SQL = `
SELECT a.attrelid AS rel, a.attname AS name,
       a.attnotnull AS not_null,
       CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END AS default_expr,
       CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END AS generated_expr,
       CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by_default' END AS identity,
       a.attgenerated = 'v' AS virtual, pg_catalog.col_description(c.oid, a.attnum) AS comment,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS sql_type,
       en.nspname AS type_schema, et.typname AS type_name, et.typtype AS type_kind,
       (bt.typcategory = 'A') AS is_array,
       CASE WHEN et.typname IN ('varchar', 'bpchar') AND coalesce(nullif(a.atttypmod, -1), nullif(bt_mod.typmod, -1)) > 4
            THEN coalesce(nullif(a.atttypmod, -1), bt_mod.typmod) - 4 END AS max_length
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
-- bt: the column's type with a domain resolved to its base type
CROSS JOIN LATERAL (
  SELECT CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END AS oid,
         CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE -1 END AS typmod
) bt_mod
JOIN pg_catalog.pg_type bt ON bt.oid = bt_mod.oid
-- et: the element type of an array, else the type itself
JOIN pg_catalog.pg_type et ON et.oid = CASE WHEN bt.typcategory = 'A' THEN bt.typelem ELSE bt.oid END
JOIN pg_catalog.pg_namespace en ON en.oid = et.typnamespace
WHERE a.attnum > 0 AND NOT a.attisdropped
  AND a.attrelid IN ${OUR_RELATIONS}
ORDER BY a.attrelid, a.attnum`;

const COLUMN_GRANTS_SQL = `
SELECT a.attrelid AS rel, quote_ident(a.attname) AS sql_column,
       CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(g.grantee) END AS grantee,
       array_agg(g.privilege_type ORDER BY g.privilege_type) AS privileges
  FROM pg_attribute a, aclexplode(a.attacl) g
 WHERE a.attrelid IN ${OUR_RELATIONS} AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL
 GROUP BY a.attrelid, a.attname, g.grantee
 ORDER BY a.attrelid, format('grant on column %I %s: %s', a.attname, CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(g.grantee) END,
                             string_agg(g.privilege_type, ', ' ORDER BY g.privilege_type))`;

// Every constraint but NOT NULL (the column's nullability; a constraint on PostgreSQL 18): the snapshot shows
// the local ones (an inherited constraint belongs to the parent), the tables' keys leave out the clones.
const RELATION_CONSTRAINTS_SQL = `
SELECT k.conrelid AS rel, k.conname AS name, quote_ident(k.conname) AS sql_name, k.contype AS kind,
       k.conislocal AS local, k.conparentid <> 0 AS cloned,
       ${columnNames('k.conkey', 'k.conrelid')} AS columns,
       fn.nspname AS ref_schema, f.relname AS ref_table, ${columnNames('k.confkey', 'k.confrelid')} AS ref_columns,
       k.confdeltype AS on_delete, k.confupdtype AS on_update,
       pg_get_constraintdef(k.oid, true) AS definition
  FROM pg_constraint k
  LEFT JOIN pg_class f ON f.oid = k.confrelid
  LEFT JOIN pg_namespace fn ON fn.oid = f.relnamespace
 WHERE k.conrelid IN ${OUR_RELATIONS} AND k.contype <> 'n' AND (k.conislocal OR k.conparentid = 0)
 ORDER BY k.conrelid, k.conname`;

// Indexes attached to a partitioned parent's index are implied by it.
const RELATION_INDEXES_SQL = `
SELECT i.indrelid AS rel, c.relname AS name,
       ${columnNames('i.indkey::int2[]', 'i.indrelid', 'WHERE u.ord <= i.indnkeyatts')} AS columns,
       ${columnNames('i.indkey::int2[]', 'i.indrelid', 'WHERE u.ord > i.indnkeyatts')} AS include,
       i.indisunique AS unique, i.indisprimary AS primary,
       pg_get_expr(i.indpred, i.indrelid) AS predicate,
       pg_get_indexdef(i.indexrelid) AS definition, i.indisvalid AS valid
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
 WHERE i.indrelid IN ${OUR_RELATIONS} AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid)
 ORDER BY i.indrelid, c.relname`;

// Clones of a partitioned parent's trigger (tgparentid <> 0) are implied by it.
const RELATION_TRIGGERS_SQL = `
SELECT t.tgrelid AS rel, pg_get_triggerdef(t.oid, true) AS definition FROM pg_trigger t
 WHERE t.tgrelid IN ${OUR_RELATIONS} AND NOT t.tgisinternal AND t.tgparentid = 0 ORDER BY t.tgrelid, t.tgname`;

const RELATION_POLICIES_SQL = `
SELECT p.polrelid AS rel, quote_ident(p.polname) AS sql_name, p.polpermissive AS permissive, p.polcmd AS command,
       coalesce((SELECT array_agg(CASE WHEN r = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(r) END ORDER BY 1) FROM unnest(p.polroles) r), '{}') AS roles,
       pg_get_expr(p.polqual, p.polrelid) AS using, pg_get_expr(p.polwithcheck, p.polrelid) AS with_check
  FROM pg_policy p WHERE p.polrelid IN ${OUR_RELATIONS} ORDER BY p.polrelid, p.polname`;

const RELATION_ACL_SQL = aclSql(
  `pg_class x WHERE x.oid IN ${OUR_RELATIONS}`,
  'relacl',
  'relowner',
  `CASE WHEN x.relkind = 'S' THEN 's' ELSE 'r' END`,
);

const FUNCTION_FILTER = `${inScope('n.nspname')} AND ${notExtensionMember('pg_proc', 'p.oid')}`;

const FUNCTIONS_SQL = `
SELECT p.oid, n.nspname AS schema, p.proname AS name,
       format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS signature,
       pg_get_function_result(p.oid) AS result, p.prokind AS kind, l.lanname AS language, p.provolatile AS volatility,
       p.prosecdef AS secdef, p.proconfig AS config, p.prosrc AS body, obj_description(p.oid, 'pg_proc') AS comment
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
 WHERE ${FUNCTION_FILTER}
 ORDER BY 4`;

const FUNCTION_ACL_SQL = aclSql(
  `pg_proc x WHERE x.oid IN (SELECT p.oid FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${FUNCTION_FILTER})`,
  'proacl',
  'proowner',
  `'f'`,
);

// Database-wide, as the extensions are. Grants keep aclexplode's order.
const DEFAULT_PRIVILEGES_SQL = `
SELECT pg_get_userbyid(d.defaclrole) AS role, n.nspname AS schema,
       CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions' WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' ELSE d.defaclobjtype::text END AS objects,
       coalesce((SELECT array_agg(format('%s %s', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, a.privilege_type) ORDER BY 1)
                   FROM aclexplode(d.defaclacl) a WHERE a.grantee <> d.defaclrole), '{}') AS grants
  FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
 ORDER BY format('default privileges for %s in %s on %s: %s', pg_get_userbyid(d.defaclrole), coalesce(n.nspname, 'all schemas'),
                 CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions' WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' ELSE d.defaclobjtype::text END,
                 (SELECT string_agg(format('%s %s', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, a.privilege_type), ', ' ORDER BY 1)
                    FROM aclexplode(d.defaclacl) a WHERE a.grantee <> d.defaclrole))`;

type Row = Record<string, unknown>;
type Oid = number | string;

/** Rows grouped by their `key` column (an OID, kept only to join and never put in the model). */
function groupBy<R extends Row>(rows: R[], key: keyof R): Map<string, R[]> {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const id = String(row[key]);
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  }
  return groups;
}

const aclOf = (groups: Map<string, { grantee: string; privileges: string[] }[]>, oid: Oid): AclModel[] =>
  (groups.get(String(oid)) ?? []).map((row) => ({ grantee: row.grantee, privileges: [...row.privileges] }));

const zipConstraints = (names: string[], definitions: string[]): ConstraintModel[] =>
  names.map((sqlName, i) => ({ sqlName, definition: definitions[i]! }));

const RELATION_KINDS: Record<string, RelationModel['kind']> = {
  r: 'table',
  p: 'partitioned',
  v: 'view',
  m: 'materialized view',
  S: 'sequence',
  f: 'foreign table',
};
const FUNCTION_KINDS: Record<string, FunctionModel['kind']> = {
  f: 'function',
  p: 'procedure',
  a: 'aggregate',
  w: 'window function',
};
const REFERENTIAL_ACTIONS: Record<string, ReferentialAction> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};
const VOLATILITY: Record<string, FunctionModel['volatility']> = { i: 'immutable', s: 'stable', v: 'volatile' };

/** Reads the catalog part of the model for `schemas` (null: every schema the migrations may own). */
export async function introspectCatalog(db: Queryable, schemas: string[] | null): Promise<CatalogModel> {
  const query = async <R extends Row>(sql: string, values: unknown[] = [schemas]) => (await db.query<R>(sql, values)).rows;
  type AclRow = { oid: Oid; grantee: string; privileges: string[] } & Row;

  const extensions = (await query<{ extname: string }>(`SELECT extname FROM pg_extension ORDER BY extname`, [])).map((row) => row.extname);

  const namespaceAcl = groupBy(await query<AclRow>(NAMESPACE_ACL_SQL), 'oid');
  const namespaces = (await query<{ oid: Oid; name: string; comment: string | null }>(NAMESPACES_SQL)).map((row) => ({
    name: row.name,
    comment: row.comment,
    acl: aclOf(namespaceAcl, row.oid),
  }));

  const types = (
    await query<{
      schema: string;
      name: string;
      sql_name: string;
      kind: string;
      labels: string[];
      base_type: string;
      not_null: boolean;
      default: string | null;
      constraint_names: string[];
      constraint_defs: string[];
      attribute_names: string[];
      attribute_types: string[];
      comment: string | null;
    }>(TYPES_SQL)
  ).map((row): TypeModel => {
    const base = { schema: row.schema, name: row.name, sqlName: row.sql_name, comment: row.comment };
    if (row.kind === 'e') return { ...base, kind: 'enum', labels: [...row.labels] };
    if (row.kind === 'd')
      return {
        ...base,
        kind: 'domain',
        baseType: row.base_type,
        notNull: row.not_null,
        default: row.default,
        constraints: zipConstraints(row.constraint_names, row.constraint_defs),
      };
    return {
      ...base,
      kind: 'composite',
      attributes: row.attribute_names.map((sqlName, i) => ({ sqlName, type: row.attribute_types[i]! })),
    };
  });

  const columns = groupBy(
    await query<
      TypeRow & {
        rel: Oid;
        name: string;
        not_null: boolean;
        default_expr: string | null;
        generated_expr: string | null;
        identity: 'always' | 'by_default' | null;
        virtual: boolean;
        comment: string | null;
      } & Row
    >(RELATION_COLUMNS_SQL),
    'rel',
  );
  const columnGrants = groupBy(
    await query<{ rel: Oid; sql_column: string; grantee: string; privileges: string[] }>(COLUMN_GRANTS_SQL),
    'rel',
  );
  const constraints = groupBy(
    await query<{
      rel: Oid;
      name: string;
      sql_name: string;
      kind: RelationConstraintModel['kind'];
      local: boolean;
      cloned: boolean;
      columns: string[];
      ref_schema: string | null;
      ref_table: string | null;
      ref_columns: string[];
      on_delete: string;
      on_update: string;
      definition: string;
    }>(RELATION_CONSTRAINTS_SQL),
    'rel',
  );
  const indexes = groupBy(await query<IndexModel & { rel: Oid } & Row>(RELATION_INDEXES_SQL), 'rel');
  const triggers = groupBy(await query<{ rel: Oid; definition: string }>(RELATION_TRIGGERS_SQL), 'rel');
  const policies = groupBy(
    await query<{
      rel: Oid;
      sql_name: string;
      permissive: boolean;
      command: string;
      roles: string[];
      using: string | null;
      with_check: string | null;
    }>(RELATION_POLICIES_SQL),
    'rel',
  );
  const relationAcl = groupBy(await query<AclRow>(RELATION_ACL_SQL), 'oid');
  const of = <R extends Row>(groups: Map<string, R[]>, oid: Oid) => groups.get(String(oid)) ?? [];

  const relations = (
    await query<{
      oid: Oid;
      schema: string;
      name: string;
      sql_name: string;
      relkind: string;
      partkey: string | null;
      parent: string | null;
      bound: string | null;
      rls: boolean;
      comment: string | null;
      viewdef: string | null;
    }>(RELATIONS_SQL)
  ).map((row): RelationModel => ({
    schema: row.schema,
    name: row.name,
    sqlName: row.sql_name,
    kind: RELATION_KINDS[row.relkind]!,
    partitionKey: row.partkey,
    parent: row.parent,
    partitionBound: row.bound,
    rowLevelSecurity: row.rls,
    comment: row.comment,
    viewDefinition: row.viewdef,
    columns: of(columns, row.oid).map((column) => ({
      name: column.name,
      type: columnTypeOf(column),
      nullable: !column.not_null,
      default: column.default_expr,
      identity: column.identity,
      generated: column.generated_expr,
      virtual: column.virtual,
      comment: column.comment,
    })),
    columnGrants: of(columnGrants, row.oid).map((grant) => ({
      sqlColumn: grant.sql_column,
      grantee: grant.grantee,
      privileges: [...grant.privileges],
    })),
    constraints: of(constraints, row.oid).map((constraint): RelationConstraintModel => ({
      name: constraint.name,
      sqlName: constraint.sql_name,
      kind: constraint.kind,
      definition: constraint.definition,
      local: constraint.local,
      cloned: constraint.cloned,
      columns: [...constraint.columns],
      references:
        constraint.kind === 'f'
          ? { schema: constraint.ref_schema!, table: constraint.ref_table!, columns: [...constraint.ref_columns] }
          : null,
      onDelete: constraint.kind === 'f' ? REFERENTIAL_ACTIONS[constraint.on_delete]! : null,
      onUpdate: constraint.kind === 'f' ? REFERENTIAL_ACTIONS[constraint.on_update]! : null,
    })),
    indexes: of(indexes, row.oid).map(({ rel: _rel, ...index }) => ({
      ...index,
      columns: [...index.columns],
      include: [...index.include],
    })),
    triggers: of(triggers, row.oid).map((trigger) => trigger.definition),
    policies: of(policies, row.oid).map((policy) => ({
      sqlName: policy.sql_name,
      permissive: policy.permissive,
      command: policy.command,
      roles: [...policy.roles],
      using: policy.using,
      withCheck: policy.with_check,
    })),
    acl: aclOf(relationAcl, row.oid),
  }));

  const functionAcl = groupBy(await query<AclRow>(FUNCTION_ACL_SQL), 'oid');
  const functions = (
    await query<{
      oid: Oid;
      schema: string;
      name: string;
      signature: string;
      result: string | null;
      kind: string;
      language: string;
      volatility: string;
      secdef: boolean;
      config: string[] | null;
      body: string;
      comment: string | null;
    }>(FUNCTIONS_SQL)
  ).map((row): FunctionModel => ({
    schema: row.schema,
    name: row.name,
    signature: row.signature,
    kind: FUNCTION_KINDS[row.kind] ?? 'function',
    result: row.result,
    language: row.language,
    volatility: VOLATILITY[row.volatility]!,
    securityDefiner: row.secdef,
    config: [...(row.config ?? [])],
    body: row.body,
    comment: row.comment,
    acl: aclOf(functionAcl, row.oid),
  }));

  const defaultPrivileges = (
    await query<{ role: string; schema: string | null; objects: string; grants: string[] }>(DEFAULT_PRIVILEGES_SQL, [])
  ).map((row) => ({ role: row.role, schema: row.schema, objects: row.objects, grants: [...row.grants] }));

  return { extensions, schemas: namespaces, types, relations, functions, defaultPrivileges };
}
