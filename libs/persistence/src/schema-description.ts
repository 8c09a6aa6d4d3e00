/**
 * A canonical text of one PostgreSQL schema — what its migrations built, not its rows — for
 * comparing schemas (a replay of the migrations against a committed snapshot) with a readable diff.
 *
 * Tables with their columns (type, collation, nullability, default, identity, generated),
 * constraints, indexes, triggers and policies; sequences; functions and procedures; views;
 * types (enums, domains, ranges, composite types); extensions. Every object is sorted by name
 * (columns keep their table order: it is part of the table), every line is right-trimmed.
 *
 * The definitions come from PostgreSQL's own deparsers (`pg_get_constraintdef`, `pg_indexes`,
 * `pg_get_functiondef`, `pg_get_triggerdef`, `pg_get_viewdef`, `pg_get_expr`), which qualify
 * names by the session's search_path: it is pinned to `pg_catalog` while reading, so every
 * name of the schema comes out qualified whatever the caller's search_path — `query` must
 * therefore run on one connection (a `pg` Client, a TypeORM QueryRunner), not a pool.
 */

/** Runs one SQL statement with its parameters and returns its rows. */
export type SchemaQuery = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

type Row = Record<string, unknown>;

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

function indent(block: string, by: string): string {
  return block
    .split('\n')
    .map((line) => `${by}${line}`.trimEnd())
    .join('\n');
}

async function describeTables(query: SchemaQuery, schema: string): Promise<string[]> {
  const tables = await query(
    `SELECT c.oid, c.relname AS name, c.relkind AS kind, c.relpersistence AS persistence,
            array_to_string(c.reloptions, ', ') AS options, c.relrowsecurity AS rls, c.relforcerowsecurity AS force_rls,
            CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
            CASE WHEN c.relispartition THEN
              (SELECT i.inhparent::regclass::text FROM pg_inherits i WHERE i.inhrelid = c.oid) || ' ' || pg_get_expr(c.relpartbound, c.oid) END AS partition_of
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'f')
      ORDER BY c.relname COLLATE "C"`,
    [schema],
  );
  const columns = await query(
    `SELECT c.relname AS table_name, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            CASE WHEN a.attcollation <> t.typcollation THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END AS collation,
            a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default_expr,
            a.attidentity AS identity, a.attgenerated AS generated
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       LEFT JOIN pg_collation co ON co.oid = a.attcollation
       LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'f') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname COLLATE "C", a.attnum`,
    [schema],
  );
  const constraints = await query(
    `SELECT c.relname AS table_name, k.conname AS name, pg_get_constraintdef(k.oid) AS def
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1
      ORDER BY c.relname COLLATE "C", k.conname COLLATE "C"`,
    [schema],
  );
  const indexes = await query(
    `SELECT tablename AS table_name, indexname AS name, indexdef AS def
       FROM pg_indexes WHERE schemaname = $1
      ORDER BY tablename COLLATE "C", indexname COLLATE "C"`,
    [schema],
  );
  const triggers = await query(
    `SELECT c.relname AS table_name, t.tgname AS name, pg_get_triggerdef(t.oid) AS def, t.tgenabled AS enabled
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND NOT t.tgisinternal
      ORDER BY c.relname COLLATE "C", t.tgname COLLATE "C"`,
    [schema],
  );
  const policies = await query(
    `SELECT tablename AS table_name, policyname AS name, permissive, array_to_string(roles, ', ') AS roles, cmd,
            qual, with_check
       FROM pg_policies WHERE schemaname = $1
      ORDER BY tablename COLLATE "C", policyname COLLATE "C"`,
    [schema],
  );
  const of = (rows: Row[], table: unknown) => rows.filter((r) => r.table_name === table);

  return tables.map((t) => {
    const kind = t.kind === 'p' ? 'partitioned table' : t.kind === 'f' ? 'foreign table' : 'table';
    const head = [
      `${t.persistence === 'u' ? 'unlogged ' : t.persistence === 't' ? 'temporary ' : ''}${kind} ${schema}.${text(t.name)}`,
      t.partition_key ? ` PARTITION BY ${text(t.partition_key)}` : '',
      t.partition_of ? ` PARTITION OF ${text(t.partition_of)}` : '',
      t.options ? ` WITH (${text(t.options)})` : '',
      t.rls ? ' ROW LEVEL SECURITY' : '',
      t.force_rls ? ' FORCE ROW LEVEL SECURITY' : '',
    ].join('');
    const lines = [head];
    for (const c of of(columns, t.name)) {
      lines.push(
        [
          `  column ${text(c.name)} ${text(c.type)}`,
          c.collation ? ` COLLATE ${text(c.collation)}` : '',
          c.not_null ? ' NOT NULL' : '',
          c.identity ? ` GENERATED ${c.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY` : '',
          c.generated ? ` GENERATED ALWAYS AS ${text(c.default_expr)} STORED` : c.default_expr !== null ? ` DEFAULT ${text(c.default_expr)}` : '',
        ].join(''),
      );
    }
    for (const k of of(constraints, t.name)) lines.push(`  constraint ${text(k.name)} ${text(k.def)}`);
    for (const i of of(indexes, t.name)) lines.push(`  index ${text(i.name)} ${text(i.def)}`);
    for (const g of of(triggers, t.name)) {
      lines.push(`  trigger ${text(g.name)} ${text(g.def)}${g.enabled === 'O' ? '' : ` (enabled: ${text(g.enabled)})`}`);
    }
    for (const p of of(policies, t.name)) {
      lines.push(
        `  policy ${text(p.name)} ${text(p.permissive)} FOR ${text(p.cmd)} TO ${text(p.roles)}` +
          (p.qual !== null ? ` USING (${text(p.qual)})` : '') +
          (p.with_check !== null ? ` WITH CHECK (${text(p.with_check)})` : ''),
      );
    }
    return lines.join('\n');
  });
}

async function describeSequences(query: SchemaQuery, schema: string): Promise<string[]> {
  const rows = await query(
    `SELECT c.relname AS name, format_type(s.seqtypid, NULL) AS type, s.seqstart AS start, s.seqincrement AS increment,
            s.seqmin AS min, s.seqmax AS max, s.seqcache AS cache, s.seqcycle AS cycle,
            (SELECT d.refobjid::regclass::text || '.' || quote_ident(a.attname)
               FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
              WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
                AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
              LIMIT 1) AS owned_by
       FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1
      ORDER BY c.relname COLLATE "C"`,
    [schema],
  );
  return rows.map(
    (s) =>
      `sequence ${schema}.${text(s.name)} AS ${text(s.type)} START ${text(s.start)} INCREMENT ${text(s.increment)}` +
      ` MINVALUE ${text(s.min)} MAXVALUE ${text(s.max)} CACHE ${text(s.cache)}${s.cycle ? ' CYCLE' : ' NO CYCLE'}` +
      (s.owned_by ? ` OWNED BY ${text(s.owned_by)}` : ''),
  );
}

async function describeFunctions(query: SchemaQuery, schema: string): Promise<string[]> {
  const rows = await query(
    `SELECT p.oid::regprocedure::text AS signature, p.prokind AS kind,
            CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END AS def,
            CASE WHEN p.prokind = 'a' THEN format_type(p.prorettype, NULL) END AS returns
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $1
      ORDER BY p.oid::regprocedure::text COLLATE "C"`,
    [schema],
  );
  return rows.map((f) => {
    const kind = f.kind === 'p' ? 'procedure' : f.kind === 'a' ? 'aggregate' : f.kind === 'w' ? 'window function' : 'function';
    if (f.kind === 'a') return `${kind} ${text(f.signature)} RETURNS ${text(f.returns)}`;
    return `${kind} ${text(f.signature)}\n${indent(text(f.def).trim(), '    ')}`;
  });
}

async function describeViews(query: SchemaQuery, schema: string): Promise<string[]> {
  const rows = await query(
    `SELECT c.relname AS name, c.relkind AS kind, pg_get_viewdef(c.oid) AS def, array_to_string(c.reloptions, ', ') AS options
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('v', 'm')
      ORDER BY c.relname COLLATE "C"`,
    [schema],
  );
  return rows.map(
    (v) =>
      `${v.kind === 'm' ? 'materialized view' : 'view'} ${schema}.${text(v.name)}${v.options ? ` WITH (${text(v.options)})` : ''}\n` +
      indent(text(v.def).trim(), '    '),
  );
}

async function describeTypes(query: SchemaQuery, schema: string): Promise<string[]> {
  const rows = await query(
    `SELECT t.typname AS name, t.typtype AS kind,
            CASE WHEN t.typtype = 'e' THEN
              (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) END AS labels,
            CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base,
            t.typnotnull AS not_null, t.typdefault AS default_expr,
            CASE WHEN t.typtype = 'd' THEN
              (SELECT string_agg(k.conname || ' ' || pg_get_constraintdef(k.oid), '; ' ORDER BY k.conname COLLATE "C")
                 FROM pg_constraint k WHERE k.contypid = t.oid) END AS checks,
            CASE WHEN t.typtype = 'r' THEN (SELECT format_type(r.rngsubtype, NULL) FROM pg_range r WHERE r.rngtypid = t.oid) END AS subtype,
            CASE WHEN t.typtype = 'c' THEN
              (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
                 FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) END AS attributes
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1
        AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c'))
      ORDER BY t.typname COLLATE "C"`,
    [schema],
  );
  return rows.map((t) => {
    const name = `${schema}.${text(t.name)}`;
    switch (t.kind) {
      case 'e':
        return `type ${name} AS ENUM (${text(t.labels)})`;
      case 'r':
        return `type ${name} AS RANGE (SUBTYPE = ${text(t.subtype)})`;
      case 'c':
        return `type ${name} AS (${text(t.attributes)})`;
      default:
        return (
          `domain ${name} AS ${text(t.base)}${t.not_null ? ' NOT NULL' : ''}` +
          (t.default_expr !== null ? ` DEFAULT ${text(t.default_expr)}` : '') +
          (t.checks ? ` CONSTRAINTS ${text(t.checks)}` : '')
        );
    }
  });
}

async function describeExtensions(query: SchemaQuery, schema: string): Promise<string[]> {
  const rows = await query(
    `SELECT e.extname AS name FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
      WHERE n.nspname = $1 ORDER BY e.extname COLLATE "C"`,
    [schema],
  );
  return rows.map((e) => `extension ${text(e.name)}`);
}

/**
 * The canonical description of `schema` (see the top of this file); an empty string when the
 * schema has nothing in it. `query` must run on a single connection.
 */
export async function describeSchema(query: SchemaQuery, schema: string): Promise<string> {
  const [saved] = await query(`SELECT current_setting('search_path') AS search_path`);
  await query(`SELECT set_config('search_path', 'pg_catalog', false)`);
  try {
    const sections = [
      await describeExtensions(query, schema),
      await describeTypes(query, schema),
      await describeSequences(query, schema),
      await describeTables(query, schema),
      await describeViews(query, schema),
      await describeFunctions(query, schema),
    ];
    const blocks = sections.filter((s) => s.length > 0).map((s) => s.join('\n\n'));
    return blocks.length ? `${blocks.join('\n\n')}\n` : '';
  } finally {
    await query(`SELECT set_config('search_path', $1, false)`, [text(saved?.search_path)]);
  }
}
