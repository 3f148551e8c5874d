import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import type { ClickHouseClient } from "@clickhouse/client";

const MIGRATIONS_TABLE = "abi_schema_migrations";

export type ClickHouseMigration = { version: string; name: string; file: string; checksum: string; statements: string[] };

/** Splits a migration file into statements on `;` at the end of a line, ignoring `--` comment lines. */
export function splitStatements(sqlText: string): string[] {
  const withoutComments = sqlText
    .split("\n")
    .filter((line) => !line.trim().startsWith("--"))
    .join("\n");
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function readClickHouseMigrations(dir: string): ClickHouseMigration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      return {
        version: file.slice(0, 4),
        name: file.replace(/\.sql$/, ""),
        file,
        checksum: crypto.createHash("sha256").update(text).digest("hex"),
        statements: splitStatements(text),
      };
    });
}

export async function appliedClickHouseMigrations(ch: ClickHouseClient): Promise<Map<string, string>> {
  await ch.command({
    query: `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
      version String, name String, checksum String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
    ) ENGINE = ReplacingMergeTree ORDER BY version`,
  });
  const rs = await ch.query({ query: `SELECT version, checksum FROM ${MIGRATIONS_TABLE} FINAL`, format: "JSONEachRow" });
  const rows = await rs.json<{ version: string; checksum: string }>();
  return new Map(rows.map((r) => [r.version, r.checksum]));
}

/** Applies each pending migration once, in order; returns the names applied by this call. */
export async function migrateClickHouse(ch: ClickHouseClient, dir: string): Promise<string[]> {
  const applied = await appliedClickHouseMigrations(ch);
  const done: string[] = [];
  for (const m of readClickHouseMigrations(dir)) {
    const known = applied.get(m.version);
    if (known) {
      if (known !== m.checksum) {
        throw new Error(`ClickHouse migration ${m.file} changed after it was applied; add a new migration instead of editing it`);
      }
      continue;
    }
    for (const statement of m.statements) {
      await ch.command({ query: statement });
    }
    await ch.insert({
      table: MIGRATIONS_TABLE,
      values: [{ version: m.version, name: m.name, checksum: m.checksum }],
      format: "JSONEachRow",
    });
    done.push(m.name);
  }
  return done;
}
