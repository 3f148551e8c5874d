/**
 * A data directory made before issue 10 (ClickHouse migrations up to 0020, with loaded and quarantined
 * rows) migrates to the current schema: 0030-0032 apply once, in order, keep the old rows (their new
 * quarantine columns null), a second migrate applies nothing, and a re-run of the old month replaces
 * both its data and its quarantine (nothing duplicated, nothing left from the old run).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { migrateClickHouse } from "~/domain/runtime/clickhouse-migrations";
import { ingestFiles } from "~/domain/ingest";
import { freshClickHouse } from "../helpers/chdb";
import { rows, FIX } from "../focus/helpers";

const ALL = path.resolve("clickhouse/migrations");
const BAD = FIX("azure-ea/EA_ActualCost_BadRow.csv");
let ch: ClickHouseClient;

/** The migrations directory as it was before issue 10 (up to 0020). */
function before30(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-mig-"));
  for (const f of fs.readdirSync(ALL).filter((f) => f < "0030")) fs.copyFileSync(path.join(ALL, f), path.join(dir, f));
  return dir;
}

beforeAll(async () => {
  ({ ch } = await freshClickHouse({ migrate: false }));
}, 120_000);
afterAll(async () => ch?.close());

describe("ClickHouse migrations on a data directory from before issue 10", () => {
  it("applies 0030-0032 in order over old data, once, and a month re-run replaces the old data and quarantine", async () => {
    await migrateClickHouse(ch, before30());
    // Old-schema quarantine: written the way the pre-issue-10 code wrote it (no money columns).
    await ch.insert({
      table: "focus_quarantine",
      format: "JSONEachRow",
      values: [{ x_SourceId: "ea", x_BillingMonth: "2024-03-01", x_IngestRunId: "old-run", file_name: "old.csv", row_number: 7, rule_ids: ["X-1"], raw_row: "{}" }],
    });
    const applied = await migrateClickHouse(ch, ALL);
    expect(applied).toEqual(fs.readdirSync(ALL).filter((f) => f >= "0030" && f.endsWith(".sql")).sort().map((f) => f.replace(/\.sql$/, "")));
    expect(await migrateClickHouse(ch, ALL)).toEqual([]);
    expect(await rows(ch, "SELECT x_IngestRunId AS run, BilledCost AS cost FROM focus_quarantine")).toEqual([{ run: "old-run", cost: null }]);

    // Twice the same month: each run replaces the (source, month) data and quarantine of the one before.
    const first = await ingestFiles(ch, { sourceId: "ea", files: [BAD], dataset: "ea-actual" });
    const second = await ingestFiles(ch, { sourceId: "ea", files: [BAD], dataset: "ea-actual" });
    const q = await rows<{ run: string; n: string }>(ch, "SELECT x_IngestRunId AS run, toString(count()) AS n FROM focus_quarantine GROUP BY run");
    expect(q).toEqual([{ run: second.runId, n: String(second.rows.quarantined) }]);
    const d = await rows<{ run: string; n: string }>(ch, "SELECT x_IngestRunId AS run, toString(count()) AS n FROM focus_billing_data GROUP BY run");
    expect(d).toEqual([{ run: second.runId, n: String(second.rows.loaded) }]);
    // Each run keeps its own reconciliation rows (one per billing period and currency), never merged.
    const p = await rows<{ run: string; n: string }>(
      ch,
      "SELECT run_id AS run, toString(count()) AS n FROM ingest_run_period_totals FINAL WHERE run_id IN {ids:Array(String)} GROUP BY run ORDER BY run",
      { ids: [first.runId, second.runId] },
    );
    expect(p.map((x) => x.n)).toEqual([String(first.periods!.length), String(second.periods!.length)]);
  });
});
