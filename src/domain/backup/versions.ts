/** Versions written into a backup's manifest and checked on restore. */
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Runtime } from "../runtime";
import { projectRoot } from "../runtime/project-root";
import { readClickHouseMigrations } from "../runtime/clickhouse-migrations";

export type SchemaVersions = { abiVersion: string; postgresSchema: string; clickhouseSchema: string };

export function abiVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot(), "package.json"), "utf8")) as { version?: string };
  return pkg.version ?? "unknown";
}

function journalTags(): string[] {
  const journal = JSON.parse(fs.readFileSync(path.join(projectRoot(), "drizzle", "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
  return journal.entries.map((e) => e.tag);
}

/** What this ABI's code migrates to: the last Drizzle and ClickHouse migration it ships. */
export function codeSchemaVersions(): SchemaVersions {
  const ch = readClickHouseMigrations(path.join(projectRoot(), "clickhouse", "migrations"));
  return { abiVersion: abiVersion(), postgresSchema: journalTags().at(-1) ?? "none", clickhouseSchema: ch.at(-1)?.name ?? "none" };
}

/** What the stores have applied (Drizzle records one row per applied migration, in order). */
export async function storedSchemaVersions(rt: Pick<Runtime, "db" | "ch">): Promise<SchemaVersions> {
  const res = await rt.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  const n = Number((res as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0);
  const rs = await rt.ch.query({ query: "SELECT argMax(name, version) AS name FROM abi_schema_migrations FINAL", format: "JSONEachRow" });
  const [row] = await rs.json<{ name: string }>();
  return { abiVersion: abiVersion(), postgresSchema: n > 0 ? (journalTags()[n - 1] ?? `migration ${n}`) : "none", clickhouseSchema: row?.name || "none" };
}
