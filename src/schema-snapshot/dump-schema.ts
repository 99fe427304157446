import type pg from 'pg';
import { notExtensionMember } from '../introspection/catalog-filters.js';
import { quoteLiteral } from '../sql-text/quote.js';

/** Schemas that are never ours: the catalogs and the runner's own bookkeeping. */
const SYSTEM_SCHEMAS = `('pg_catalog', 'information_schema', 'pg_toast', 'aegis_meta')`;

/**
 * Partitions named <table>_pYYYYMMDD are created relative to today by a maintenance function, so listing
 * them would make the snapshot change every day; their parent and its DEFAULT partition stay in.
 */
const DATED_PARTITION = `'_p[0-9]{8}$'`;

const ourSchema = (nspname: string) =>
  `${nspname} NOT IN ${SYSTEM_SCHEMAS} AND ${nspname} NOT LIKE 'pg_temp%' AND ${nspname} NOT LIKE 'pg_toast_temp%'`;

/** A comment as one line: a SQL literal with its newlines written \n. */
function quoteText(text: string): string {
  return quoteLiteral(text).replace(/\n/g, '\\n');
}

/**
 * `grantee: PRIV, PRIV` lines from an object's ACL. The owner is written OWNER so the snapshot does not depend
 * on who ran the migrations, and its full default rights as ALL (the list grows with server versions:
 * PostgreSQL 17 added MAINTAIN).
 */
async function grants(
  client: pg.ClientBase,
  object: { catalog: string; oid: number; acl: string; owner: string; kind: string },
): Promise<string[]> {
  const { rows } = await client.query<{ grantee: string; privileges: string }>(
    `WITH o AS (SELECT ${object.acl} AS acl, ${object.owner} AS owner FROM ${object.catalog} WHERE oid = $1),
          defaults AS (SELECT array_agg(d.privilege_type ORDER BY d.privilege_type) AS privs FROM o, aclexplode(acldefault('${object.kind}'::"char", o.owner)) d WHERE d.grantee = o.owner),
          granted AS (SELECT a.grantee, a.grantee = o.owner AS is_owner, a.privilege_type, a.is_grantable FROM o, aclexplode(coalesce(o.acl, acldefault('${object.kind}'::"char", o.owner))) a)
     SELECT CASE WHEN g.grantee = 0 THEN 'PUBLIC' WHEN g.is_owner THEN 'OWNER' ELSE pg_get_userbyid(g.grantee) END AS grantee,
            CASE WHEN bool_and(g.is_owner) AND array_agg(g.privilege_type ORDER BY g.privilege_type) @> (SELECT privs FROM defaults) THEN 'ALL'
                 ELSE string_agg(g.privilege_type || CASE WHEN g.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END, ', ' ORDER BY g.privilege_type) END AS privileges
       FROM granted g GROUP BY 1 ORDER BY 1`,
    [object.oid],
  );
  return rows.map((row) => `grant ${row.grantee}: ${row.privileges}`);
}

async function extensions(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ extname: string }>(`SELECT extname FROM pg_extension ORDER BY extname`);
  return rows.map((row) => `extension ${row.extname}`);
}

async function schemas(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ oid: number; nspname: string; comment: string | null }>(
    `SELECT n.oid, n.nspname, obj_description(n.oid, 'pg_namespace') AS comment FROM pg_namespace n
      WHERE ${ourSchema('n.nspname')} AND ${notExtensionMember('pg_namespace', 'n.oid')} ORDER BY n.nspname`,
  );
  const out: string[] = [];
  for (const row of rows) {
    out.push(`schema ${row.nspname}`);
    if (row.comment && row.nspname !== 'public') out.push(`  comment ${quoteText(row.comment)}`);
    const acl = await grants(client, { catalog: 'pg_namespace', oid: row.oid, acl: 'nspacl', owner: 'nspowner', kind: 'n' });
    out.push(...acl.map((line) => `  ${line}`));
  }
  return out;
}

async function types(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string; kind: string; definition: string; comment: string | null }>(
    `SELECT format('%I.%I', n.nspname, t.typname) AS name, t.typtype AS kind,
            CASE t.typtype
              WHEN 'e' THEN (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)
              WHEN 'd' THEN format_type(t.typbasetype, t.typtypmod) || CASE WHEN t.typnotnull THEN ' not null' ELSE '' END
                || coalesce(' default ' || t.typdefault, '')
                || coalesce((SELECT ' ' || string_agg(format('constraint %I %s', c.conname, pg_get_constraintdef(c.oid, true)), ' ' ORDER BY c.conname)
                             FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype <> 'n'), '')
              WHEN 'c' THEN (SELECT string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', ' ORDER BY a.attnum)
                             FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped)
              ELSE '' END AS definition,
            obj_description(t.oid, 'pg_type') AS comment
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE ${ourSchema('n.nspname')} AND ${notExtensionMember('pg_type', 't.oid')}
        AND (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
      ORDER BY 1`,
  );
  const kinds: Record<string, string> = { e: 'enum', d: 'domain', c: 'composite' };
  return rows.flatMap((row) => [
    `type ${row.name} ${kinds[row.kind]} (${row.definition})`,
    ...(row.comment ? [`  comment ${quoteText(row.comment)}`] : []),
  ]);
}

interface RelationRow {
  oid: number;
  name: string;
  relkind: string;
  partkey: string | null;
  parent: string | null;
  bound: string | null;
  rls: boolean;
  comment: string | null;
  viewdef: string | null;
}

async function relations(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<RelationRow>(
    `SELECT c.oid, format('%I.%I', n.nspname, c.relname) AS name, c.relkind,
            CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partkey,
            (SELECT format('%I.%I', pn.nspname, p.relname) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
              WHERE i.inhrelid = c.oid) AS parent,
            CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS bound,
            c.relrowsecurity AS rls,
            obj_description(c.oid, 'pg_class') AS comment,
            CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END AS viewdef
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND ${ourSchema('n.nspname')} AND ${notExtensionMember('pg_class', 'c.oid')}
        AND NOT (c.relispartition AND c.relname ~ ${DATED_PARTITION})
        -- identity and serial sequences come and go with their column
        AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
      ORDER BY 2`,
  );
  const kinds: Record<string, string> = { r: 'table', p: 'table', v: 'view', m: 'materialized view', S: 'sequence', f: 'foreign table' };
  const out: string[] = [];
  for (const rel of rows) {
    let header = `${kinds[rel.relkind]} ${rel.name}`;
    if (rel.partkey) header += ` partition by ${rel.partkey}`;
    if (rel.parent && rel.bound) header += ` partition of ${rel.parent} ${rel.bound}`;
    else if (rel.parent) header += ` inherits ${rel.parent}`;
    if (rel.rls) header += ' row level security';
    out.push(header);
    if (rel.comment) out.push(`  comment ${quoteText(rel.comment)}`);
    if (rel.viewdef)
      out.push(
        ...rel.viewdef
          .trim()
          .split('\n')
          .map((line) => `  | ${line.trimEnd()}`),
      );
    out.push(...(await columns(client, rel.oid, Boolean(rel.parent && rel.bound))));
    out.push(...(await constraints(client, rel.oid)));
    out.push(...(await indexes(client, rel.oid)));
    out.push(...(await triggers(client, rel.oid)));
    out.push(...(await policies(client, rel.oid)));
    const acl = await grants(client, {
      catalog: 'pg_class',
      oid: rel.oid,
      acl: 'relacl',
      owner: 'relowner',
      kind: rel.relkind === 'S' ? 's' : 'r',
    });
    out.push(...acl.map((line) => `  ${line}`));
  }
  return out;
}

async function columns(client: pg.ClientBase, oid: number, isPartition: boolean): Promise<string[]> {
  const { rows } = await client.query<{
    attname: string;
    type: string;
    notnull: boolean;
    def: string | null;
    identity: string;
    generated: string;
    comment: string | null;
    acl: string | null;
  }>(
    `SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull,
            pg_get_expr(ad.adbin, ad.adrelid) AS def, a.attidentity AS identity, a.attgenerated AS generated,
            col_description(a.attrelid, a.attnum) AS comment, a.attacl::text AS acl
       FROM pg_attribute a LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
      WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [oid],
  );
  const out: string[] = [];
  for (const col of rows) {
    // A partition's columns are its parent's; only its comments can differ.
    if (!isPartition) {
      let line = `  column ${col.attname} ${col.type}`;
      if (col.notnull) line += ' not null';
      if (col.identity) line += col.identity === 'a' ? ' generated always as identity' : ' generated by default as identity';
      else if (col.generated === 's') line += ` generated always as (${col.def}) stored`;
      else if (col.def !== null) line += ` default ${col.def}`;
      out.push(line);
    }
    if (col.comment) out.push(`  comment on column ${col.attname} ${quoteText(col.comment)}`);
  }
  const { rows: columnGrants } = await client.query<{ line: string }>(
    `SELECT format('grant on column %I %s: %s', a.attname, CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(g.grantee) END,
                   string_agg(g.privilege_type, ', ' ORDER BY g.privilege_type)) AS line
       FROM pg_attribute a, aclexplode(a.attacl) g
      WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped AND a.attacl IS NOT NULL
      GROUP BY a.attname, g.grantee ORDER BY 1`,
    [oid],
  );
  return [...out, ...columnGrants.map((row) => `  ${row.line}`)];
}

async function constraints(client: pg.ClientBase, oid: number): Promise<string[]> {
  // NOT NULL is shown on the column (PostgreSQL 18 also lists it here); inherited constraints belong to the parent.
  const { rows } = await client.query<{ line: string }>(
    `SELECT format('  constraint %I %s', conname, pg_get_constraintdef(oid, true)) AS line
       FROM pg_constraint WHERE conrelid = $1 AND contype <> 'n' AND conislocal ORDER BY conname`,
    [oid],
  );
  return rows.map((row) => row.line);
}

async function indexes(client: pg.ClientBase, oid: number): Promise<string[]> {
  // Indexes attached to a partitioned parent's index are implied by it.
  const { rows } = await client.query<{ line: string }>(
    `SELECT '  index ' || pg_get_indexdef(i.indexrelid) || CASE WHEN NOT i.indisvalid THEN ' INVALID' ELSE '' END AS line
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = $1 AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid)
      ORDER BY c.relname`,
    [oid],
  );
  return rows.map((row) => row.line);
}

async function triggers(client: pg.ClientBase, oid: number): Promise<string[]> {
  // Clones of a partitioned parent's trigger (tgparentid <> 0) are implied by it.
  const { rows } = await client.query<{ line: string }>(
    `SELECT '  trigger ' || pg_get_triggerdef(t.oid, true) AS line FROM pg_trigger t
      WHERE t.tgrelid = $1 AND NOT t.tgisinternal AND t.tgparentid = 0 ORDER BY t.tgname`,
    [oid],
  );
  return rows.map((row) => row.line);
}

async function policies(client: pg.ClientBase, oid: number): Promise<string[]> {
  const { rows } = await client.query<{ line: string }>(
    `SELECT format('  policy %I %s for %s to %s using (%s) with check (%s)', p.polname, CASE WHEN p.polpermissive THEN 'permissive' ELSE 'restrictive' END,
                   p.polcmd, coalesce((SELECT string_agg(CASE WHEN r = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(r) END, ', ' ORDER BY 1) FROM unnest(p.polroles) r), ''),
                   coalesce(pg_get_expr(p.polqual, p.polrelid), ''), coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')) AS line
       FROM pg_policy p WHERE p.polrelid = $1 ORDER BY p.polname`,
    [oid],
  );
  return rows.map((row) => row.line);
}

async function functions(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{
    oid: number;
    signature: string;
    result: string | null;
    kind: string;
    language: string;
    volatility: string;
    secdef: boolean;
    config: string[] | null;
    body: string;
    comment: string | null;
  }>(
    `SELECT p.oid, format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS signature,
            pg_get_function_result(p.oid) AS result, p.prokind AS kind, l.lanname AS language, p.provolatile AS volatility,
            p.prosecdef AS secdef, p.proconfig AS config, p.prosrc AS body, obj_description(p.oid, 'pg_proc') AS comment
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
      WHERE ${ourSchema('n.nspname')} AND ${notExtensionMember('pg_proc', 'p.oid')}
      ORDER BY 2`,
  );
  const kinds: Record<string, string> = { f: 'function', p: 'procedure', a: 'aggregate', w: 'window function' };
  const volatility: Record<string, string> = { i: 'immutable', s: 'stable', v: 'volatile' };
  const out: string[] = [];
  for (const fn of rows) {
    let header = `${kinds[fn.kind] ?? 'function'} ${fn.signature}`;
    if (fn.result) header += ` returns ${fn.result}`;
    header += ` language ${fn.language} ${volatility[fn.volatility]}`;
    if (fn.secdef) header += ' security definer';
    for (const setting of [...(fn.config ?? [])].sort()) header += ` set ${setting}`;
    out.push(header);
    if (fn.comment) out.push(`  comment ${quoteText(fn.comment)}`);
    const acl = await grants(client, { catalog: 'pg_proc', oid: fn.oid, acl: 'proacl', owner: 'proowner', kind: 'f' });
    out.push(...acl.map((line) => `  ${line}`));
    const body = fn.body.replace(/^\s*\n/, '').trimEnd();
    if (body) out.push(...body.split('\n').map((line) => `  | ${line.trimEnd()}`));
  }
  return out;
}

async function defaultPrivileges(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ line: string }>(
    `SELECT format('default privileges for %s in %s on %s: %s', pg_get_userbyid(d.defaclrole), coalesce(n.nspname, 'all schemas'),
                   CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions' WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' ELSE d.defaclobjtype::text END,
                   (SELECT string_agg(format('%s %s', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, a.privilege_type), ', ' ORDER BY 1)
                      FROM aclexplode(d.defaclacl) a WHERE a.grantee <> d.defaclrole)) AS line
       FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
      ORDER BY 1`,
  );
  return rows.map((row) => row.line);
}

export const SNAPSHOT_HEADER =
  '# aegis-db schema snapshot: normalized (sorted, no OIDs or owners, dated partitions omitted). Regenerate with aegis-db schema dump.';

/**
 * A normalized, diff-friendly text snapshot of everything the migrations own: extensions, schemas, types,
 * tables with columns, constraints, indexes, triggers, policies and grants, views, sequences, functions.
 * Identical for identical schemas regardless of OIDs, owners, creation order or the current date.
 */
export async function dumpSchema(client: pg.ClientBase): Promise<string> {
  const sections = [
    await extensions(client),
    await schemas(client),
    await types(client),
    await relations(client),
    await functions(client),
    await defaultPrivileges(client),
  ];
  return [SNAPSHOT_HEADER, ...sections.filter((lines) => lines.length > 0).map((lines) => lines.join('\n'))].join('\n\n') + '\n';
}
