import { beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { ingestFiles } from "~/domain/ingest";
import { recordRestatements, snapshotRunTotals } from "~/domain/ingestion/restatements";
import { rows, FIX } from "../focus/helpers";

let ch: ClickHouseClient;
const SOURCE = "restated";
const count = async (table: string, runId: string) =>
  Number((await rows<{ n: string }>(ch, `SELECT count() AS n FROM ${table} WHERE run_id = {r:String}`, { r: runId }))[0]!.n);

beforeAll(async () => {
  ({ ch } = await freshClickHouse());
});

describe("restatement records of a retried activity", () => {
  it("a snapshot and a diff taken twice for one run are stored once", async () => {
    const before = await ingestFiles(ch, { sourceId: SOURCE, files: [FIX("azure-ea/EA_ActualCost_Small.csv")] });
    await snapshotRunTotals(ch, { runId: before.runId, sourceId: SOURCE, months: before.months });
    const after = await ingestFiles(ch, { sourceId: SOURCE, files: [FIX("azure-ea/EA_ActualCost_Small.csv"), FIX("azure-ea/EA_AmortizedCost_Small.csv")] });
    const month = after.months[0]!.slice(0, 7);

    await snapshotRunTotals(ch, { runId: after.runId, sourceId: SOURCE, months: after.months });
    const cells = await count("ingest_run_daily_totals", after.runId);
    const first = await recordRestatements(ch, { runId: after.runId, sourceId: SOURCE, month });
    expect(first.previousRunId).toBe(before.runId);
    expect(first.changes).toBeGreaterThan(0);

    await snapshotRunTotals(ch, { runId: after.runId, sourceId: SOURCE, months: after.months });
    expect(await count("ingest_run_daily_totals", after.runId)).toBe(cells);
    expect(await recordRestatements(ch, { runId: after.runId, sourceId: SOURCE, month })).toEqual(first);
    expect(await count("restatements", after.runId)).toBe(first.changes);
  });
});
