/**
 * The ClickHouse data as a per-partition export through the client (TabSeparatedWithNames,
 * gzip'd): the same code for embedded chDB and a ClickHouse server. Native `BACKUP … TO` is not
 * used: chDB has no backup destination configured (`BACKUP … TO File(…)` needs a server-side
 * `backups.allowed_path`), and on a server it writes to the server's disk, not to ABI's store.
 */
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import type { ClickHouseClient } from "@clickhouse/client";
import { sha256OfFile } from "./files";
import type { BackupFile, MonthTotal } from "./manifest";

const ident = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Version bookkeeping, not data: a restore keeps the target's own (the manifest carries the backup's). */
const SKIPPED = new Set(["abi_schema_migrations"]);
// DateTime text both ways in one plain shape (the app's client asks for ISO output by default).
const EXPORT_SETTINGS = { date_time_output_format: "simple", output_format_tsv_crlf_end_of_line: 0 } as const;
const IMPORT_SETTINGS = { date_time_input_format: "best_effort", input_format_with_names_use_header: 1 } as const;

async function json<T>(ch: ClickHouseClient, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  return (await ch.query({ query, query_params: params, format: "JSONEachRow" })).json<T>();
}

export async function clickhouseTables(ch: ClickHouseClient): Promise<string[]> {
  const rows = await json<{ name: string }>(ch, "SELECT name FROM system.tables WHERE database = currentDatabase() AND engine LIKE '%MergeTree%' AND NOT is_temporary ORDER BY name");
  return rows.map((r) => r.name).filter((n) => ident.test(n) && !SKIPPED.has(n));
}

export async function clickhouseRowCounts(ch: ClickHouseClient, tables: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const t of tables) out.set(t, Number((await json<{ n: string }>(ch, `SELECT count() AS n FROM ${t}`))[0]?.n ?? 0));
  return out;
}

/**
 * One file per (table, partition). Each SELECT reads the parts active when it starts, and an ingest
 * run swaps a whole (source, month) partition atomically, so every partition file is a whole
 * version of that partition; backups refuse to start while a run is writing (see consistency.ts).
 */
export async function exportClickHouse(ch: ClickHouseClient, dir: string): Promise<BackupFile[]> {
  const files: BackupFile[] = [];
  for (const table of await clickhouseTables(ch)) {
    const parts = await json<{ p: string; n: string }>(ch, "SELECT partition_id AS p, sum(rows) AS n FROM system.parts WHERE database = currentDatabase() AND table = {t:String} AND active GROUP BY p ORDER BY p", { t: table });
    for (const { p } of parts) {
      const key = `clickhouse/${table}/${p.replace(/[^A-Za-z0-9_-]/g, "_")}.tsv.gz`;
      const file = path.join(dir, ...key.split("/"));
      await fs.mkdir(path.dirname(file), { recursive: true });
      const rs = await ch.query({ query: `SELECT * FROM ${table} WHERE _partition_id = {p:String}`, query_params: { p }, format: "TabSeparatedWithNames", clickhouse_settings: EXPORT_SETTINGS });
      await pipeline(rs.stream(), async function* (rowsStream) {
        // ResultSet streams arrays of rows with a .text each for raw formats
        for await (const rowsChunk of rowsStream as AsyncIterable<{ text: string }[]>) for (const r of rowsChunk) yield `${r.text}\n`;
      }, createGzip(), createWriteStream(file));
      const rows = Number((await json<{ n: string }>(ch, `SELECT count() AS n FROM ${table} WHERE _partition_id = {p:String}`, { p }))[0]?.n ?? 0);
      files.push({ key, store: "clickhouse", table, rows, bytes: (await fs.stat(file)).size, sha256: await sha256OfFile(file) });
    }
  }
  return files;
}

/** Empties every backed-up table, then loads the backup's partitions. */
export async function importClickHouse(ch: ClickHouseClient, dir: string, files: BackupFile[]): Promise<void> {
  const known = new Set(await clickhouseTables(ch));
  const mine = files.filter((f) => f.store === "clickhouse");
  const unknown = [...new Set(mine.map((f) => f.table))].filter((t) => !known.has(t));
  if (unknown.length) throw new Error(`the backup has ClickHouse tables this ABI does not know: ${unknown.join(", ")}`);
  for (const t of known) await ch.command({ query: `TRUNCATE TABLE ${t}` });
  for (const f of mine) {
    await ch.insert({
      table: f.table,
      values: createReadStream(path.join(dir, ...f.key.split("/"))).pipe(createGunzip()),
      format: "TabSeparatedWithNames",
      clickhouse_settings: IMPORT_SETTINGS,
    });
  }
}

/** Rows and cost per (source, billing month) of the fact table, for the manifest. */
export async function monthTotals(ch: ClickHouseClient): Promise<MonthTotal[]> {
  const rows = await json<{ s: string; m: string; n: string; b: string; e: string }>(
    ch,
    "SELECT x_SourceId AS s, toString(x_BillingMonth) AS m, count() AS n, toString(sum(BilledCost)) AS b, toString(sum(EffectiveCost)) AS e FROM focus_billing_data GROUP BY s, m ORDER BY s, m",
  );
  return rows.map((r) => ({ sourceId: r.s, month: r.m, rows: Number(r.n), billedCost: r.b, effectiveCost: r.e }));
}
