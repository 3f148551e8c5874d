/**
 * A run that fails stores no reconciliation: nothing of it was loaded or quarantined (the previous
 * data is kept), so its run page must not show "loaded" and "quarantined" money per billing period.
 * Before, a run refused because every row failed validation stored its would-be period totals, and
 * its page said the file's money was quarantined although the quarantine held none of its rows.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { ingestFiles } from "~/domain/ingest";
import { storedPeriodTotals } from "~/domain/ingest/period-totals";
import { freshClickHouse } from "../helpers/chdb";
import { rows, FIX } from "../focus/helpers";

let ch: ClickHouseClient;
beforeAll(async () => {
  ({ ch } = await freshClickHouse());
}, 120_000);
afterAll(async () => ch?.close());

/** The header and the two bad rows of EA_ActualCost_BadRow.csv (77.7 EUR without a billing account, 33.3 EUR dated 03/33/2024). */
function onlyBadRows(): string {
  const lines = fs.readFileSync(FIX("azure-ea/EA_ActualCost_BadRow.csv"), "utf8").trim().split("\n");
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "abi-bad-")), "all-bad.csv");
  fs.writeFileSync(file, `${[lines[0], lines[11], lines[12]].join("\n")}\n`);
  return file;
}

describe("a failed run's reconciliation", () => {
  it("is not stored when every row fails validation and nothing is loaded or quarantined", async () => {
    const runId = crypto.randomUUID();
    await expect(ingestFiles(ch, { sourceId: "ea", runId, files: [onlyBadRows()], dataset: "ea-actual" })).rejects.toThrow(/all 2 converted rows failed validation/);
    const [run] = await rows<{ status: string }>(ch, "SELECT status FROM ingest_runs FINAL WHERE run_id = {r:String}", { r: runId });
    expect(run!.status).toBe("failed");
    expect(await rows(ch, "SELECT 1 FROM focus_quarantine WHERE x_IngestRunId = {r:String}", { r: runId })).toEqual([]);
    expect(await storedPeriodTotals(ch, runId)).toEqual([]);
  });
});
