/**
 * The PostgreSQL registry as a logical per-table export that works the same on PGlite and on a
 * PostgreSQL server (no pg_dump): each table's rows as JSON lines (row_to_json), read back with
 * json_populate_recordset so PostgreSQL itself converts every type (jsonb, timestamps, arrays).
 */
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../runtime/postgres";
import { gzipLineBatches, gzipWriter, sha256OfFile } from "./files";
import type { BackupFile } from "./manifest";

const BATCH = 2000;
const ident = /^[a-z_][a-z0-9_]*$/;

/** Tables the migrations themselves fill (the built-in plugin registry): not "data" for the non-empty check. */
export const POSTGRES_SEEDED_TABLES = new Set(["plugins", "plugin_versions", "plugin_installations"]);

async function rows<T>(db: Pick<Db, "execute">, q: SQL): Promise<T[]> {
  return (await db.execute(q) as unknown as { rows: T[] }).rows;
}

const quoted = (name: string) => {
  if (!ident.test(name)) throw new Error(`unexpected table name ${name}`);
  return sql.raw(`"${name}"`);
};

/**
 * Every table of the public schema, parents before children (foreign keys), so a restore can
 * insert in this order and truncate in the reverse.
 */
export async function postgresTables(db: Pick<Db, "execute">): Promise<string[]> {
  const tables = (await rows<{ t: string }>(db, sql`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`)).map((r) => r.t);
  const deps = await rows<{ child: string; parent: string }>(db, sql`
    select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
    from pg_constraint c join pg_namespace n on n.oid = c.connamespace
    where c.contype = 'f' and n.nspname = 'public'`);
  const parentsOf = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const d of deps) if (d.child !== d.parent) parentsOf.get(d.child.replace(/"/g, ""))?.add(d.parent.replace(/"/g, ""));
  const ordered: string[] = [];
  const visit = (t: string, seen: Set<string>) => {
    if (ordered.includes(t) || seen.has(t)) return;
    seen.add(t);
    for (const p of parentsOf.get(t) ?? []) visit(p, seen);
    ordered.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

export async function postgresRowCounts(db: Pick<Db, "execute">, tables: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const t of tables) out.set(t, Number((await rows<{ n: number }>(db, sql`select count(*)::int as n from ${quoted(t)}`))[0]?.n ?? 0));
  return out;
}

/** Exports every table inside one read-only repeatable-read transaction (one consistent snapshot). */
export async function exportPostgres(db: Db, dir: string): Promise<BackupFile[]> {
  return db.transaction(
    async (tx) => {
      const files: BackupFile[] = [];
      for (const table of await postgresTables(tx)) {
        const key = `postgres/${table}.jsonl.gz`;
        const file = path.join(dir, ...key.split("/"));
        const out = await gzipWriter(file);
        let n = 0;
        // Keyset paging on ctid keeps each read bounded without holding a cursor.
        let last = "(0,0)";
        for (;;) {
          const page = await rows<{ j: string; c: string }>(tx, sql`select row_to_json(t)::text as j, t.ctid::text as c from ${quoted(table)} t where t.ctid > ${last}::tid order by t.ctid limit ${BATCH}`);
          for (const r of page) await out.write(`${r.j}\n`);
          n += page.length;
          if (page.length < BATCH) break;
          last = page[page.length - 1]!.c;
        }
        const bytes = await out.close();
        files.push({ key, store: "postgres", table, rows: n, bytes, sha256: await sha256OfFile(file) });
      }
      return files;
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}

/**
 * Replaces every table's rows with the backup's, in one transaction: truncate all, insert parents
 * before children, then move each serial column's sequence past the restored ids.
 */
export async function importPostgres(db: Db, dir: string, files: BackupFile[]): Promise<void> {
  const order = await postgresTables(db);
  const byTable = new Map(files.filter((f) => f.store === "postgres").map((f) => [f.table, f]));
  const unknown = [...byTable.keys()].filter((t) => !order.includes(t));
  if (unknown.length) throw new Error(`the backup has PostgreSQL tables this ABI does not know: ${unknown.join(", ")}`);
  await db.transaction(async (tx) => {
    await tx.execute(sql`truncate table ${sql.join(order.map(quoted), sql`, `)} restart identity cascade`);
    for (const table of order) {
      const f = byTable.get(table);
      if (!f) continue;
      for await (const batch of gzipLineBatches(path.join(dir, ...f.key.split("/")), BATCH)) {
        const json = `[${batch.join(",")}]`;
        await tx.execute(sql`insert into ${quoted(table)} select * from json_populate_recordset(null::${quoted(table)}, ${json}::json)`);
      }
    }
    const serials = await rows<{ t: string; c: string }>(tx, sql`select table_name as t, column_name as c from information_schema.columns where table_schema = 'public' and column_default like 'nextval(%'`);
    for (const s of serials) {
      if (!ident.test(s.c)) continue;
      await tx.execute(sql`select setval(pg_get_serial_sequence(${s.t}, ${s.c}), greatest(coalesce((select max(${sql.raw(`"${s.c}"`)}) from ${quoted(s.t)}), 0), 1), (select count(*) > 0 from ${quoted(s.t)}))`);
    }
  });
}
