import fs from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "../postgres";
import { postgresVersion } from "../postgres";
import type { ProbeResult } from "./types";

/** Total bytes of the files under a folder (PGlite's data directory); async: the cards poll it every few seconds. */
async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await fs.stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/**
 * Server: database size and the connections to it (pg_stat_activity). Embedded (PGlite): the
 * size of its data directory; it has no connections other than this process.
 */
export async function postgresProbe(db: Db, opts: { mode: "embedded" | "server"; pgliteDir: string }): Promise<ProbeResult> {
  const full = await postgresVersion(db);
  const version = full.split(/ on |,/)[0]?.trim();
  if (opts.mode === "embedded") {
    return { version, details: { "data directory size": await folderBytes(opts.pgliteDir), engine: "embedded (PGlite in the app process)" } };
  }
  const res = await db.execute<{ size: string; connections: string }>(
    sql`select pg_database_size(current_database())::text as size,
      (select count(*) from pg_stat_activity where datname = current_database())::text as connections`,
  );
  const row = (res as unknown as { rows: { size: string; connections: string }[] }).rows[0];
  return { version, details: { "database size": Number(row?.size ?? 0), connections: Number(row?.connections ?? 0) } };
}
