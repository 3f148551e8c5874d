/**
 * Shared by the backup round-trip tests: a runtime in a fresh data directory (and, in server
 * mode, a fresh PostgreSQL database), some real data in both stores, and an oracle written as
 * plain SQL over the stores, independent of the backup code.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { resetEnvCache } from "~/domain/runtime/env";
import { openRuntime, type Runtime } from "~/domain/runtime";
import { ingestFiles } from "~/domain/ingest";
import { createUser } from "~/domain/auth/bootstrap";
import { recordAudit } from "~/domain/audit/record";
import { freshPostgresDatabase } from "../helpers/server-mode";

export async function openFresh(name: string, pgAdminUrl?: string): Promise<Runtime> {
  process.env.ABI_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), `abi-${name}-`));
  for (const v of ["CLICKHOUSE_URL", "DATABASE_URL", "REDIS_URL"]) delete process.env[v];
  if (pgAdminUrl) process.env.DATABASE_URL = await freshPostgresDatabase(pgAdminUrl);
  resetEnvCache();
  return openRuntime({ migrate: true });
}

const FIX = (p: string) => path.join(process.cwd(), "test", "fixtures", p);

/** EA (with a bad row, so quarantine has rows), MCA, two users and audit rows (a bigserial). */
export async function loadSampleData(rt: Runtime): Promise<void> {
  await ingestFiles(rt.ch, { sourceId: "ea-backup", files: [FIX("azure-ea/EA_ActualCost_Small.csv")] });
  await ingestFiles(rt.ch, { sourceId: "ea-bad", files: [FIX("azure-ea/EA_ActualCost_BadRow.csv")] });
  await ingestFiles(rt.ch, { sourceId: "mca-backup", files: [FIX("mca/MCA_ActualCost_Handmade.csv")] });
  await createUser(rt.db, { email: "ana@example.com", password: "a-long-password", role: "analyst" });
  await createUser(rt.db, { email: "vic@example.com", password: "a-long-password", role: "viewer" });
  await recordAudit(rt.db, { action: "test.one", target: "x", details: { n: 1, nested: { ok: true } } });
  await recordAudit(rt.db, { action: "test.two", target: "y" });
}

export type Snapshot = { months: unknown[]; chCounts: Record<string, string>; pgCounts: Record<string, number>; users: unknown[]; audit: unknown[] };

/** The oracle: per (source, month) rows and exact cost sums, every table's row count, a few rows verbatim. */
export async function snapshot(rt: Runtime): Promise<Snapshot> {
  const q = async <T>(query: string) => (await rt.ch.query({ query, format: "JSONEachRow" })).json<T>();
  const months = await q(
    "SELECT x_SourceId, x_BillingMonth, count() AS n, toString(sum(BilledCost)) AS billed, toString(sum(EffectiveCost)) AS effective, toString(sum(ListCost)) AS list FROM focus_billing_data GROUP BY x_SourceId, x_BillingMonth ORDER BY x_SourceId, x_BillingMonth",
  );
  const chCounts: Record<string, string> = {};
  for (const { name } of await q<{ name: string }>("SELECT name FROM system.tables WHERE database = currentDatabase() AND name != 'abi_schema_migrations' ORDER BY name")) {
    chCounts[name] = (await q<{ n: string }>(`SELECT count() AS n FROM ${name}`))[0]!.n;
  }
  const pgRows = async <T>(s: ReturnType<typeof sql>) => (await rt.db.execute(s) as unknown as { rows: T[] }).rows;
  const pgCounts: Record<string, number> = {};
  for (const { t } of await pgRows<{ t: string }>(sql`select table_name as t from information_schema.tables where table_schema = 'public' order by 1`)) {
    pgCounts[t] = (await pgRows<{ n: number }>(sql.raw(`select count(*)::int as n from "${t}"`)))[0]!.n;
  }
  const users = await pgRows(sql`select id, email, role, password_hash, created_at from users order by email`);
  const audit = await pgRows(sql`select id, action, target, details, at from audit_log order by id`);
  return { months, chCounts, pgCounts, users, audit };
}
