import path from "node:path";
import fs from "node:fs";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import * as schema from "../db/schema";
import type { AbiEnv } from "./env";
import { processSingleton, takeProcessSingleton } from "./singleton";

/** Both drivers expose the same Drizzle query API; we type them as one. */
export type Db = NodePgDatabase<typeof schema>;

type PostgresHandle = {
  db: Db;
  mode: "embedded" | "server";
  migrate: (migrationsFolder: string) => Promise<void>;
  close: () => Promise<void>;
};

function createPostgres(e: AbiEnv): PostgresHandle {
  if (e.DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: e.DATABASE_URL, max: 10 });
    const db = drizzlePg(pool, { schema });
    return {
      db,
      mode: "server",
      migrate: (migrationsFolder) => migratePg(db, { migrationsFolder }),
      close: () => pool.end(),
    };
  }
  const dir = path.join(e.dataDir, "pglite");
  fs.mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir);
  const db = drizzlePglite(client, { schema });
  return {
    db: db as unknown as Db,
    mode: "embedded",
    migrate: (migrationsFolder) => migratePglite(db, { migrationsFolder }),
    close: () => client.close(),
  };
}

export function postgres(e: AbiEnv): PostgresHandle {
  return processSingleton("postgres", () => createPostgres(e));
}

export async function closePostgres(): Promise<void> {
  await takeProcessSingleton<PostgresHandle>("postgres")?.close();
}

export async function postgresVersion(db: Db): Promise<string> {
  const res = await db.execute<{ v: string }>(sql`select version() as v`);
  const rows = (res as unknown as { rows: { v: string }[] }).rows;
  return rows[0]?.v ?? "unknown";
}
