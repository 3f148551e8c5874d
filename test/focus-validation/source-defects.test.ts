/**
 * The FOCUS 1.0 sample's source defects (test/focus-official/source-defects.ts) are exactly what ABI's
 * own 1.2 validation finds after the upgrade: every rule ABI fails on the upgraded sample is listed,
 * and ABI counts as many rows as the proof query over the source file. Runs without the official
 * validator (CI); `npm run focus:official-check` adds the official validator's side.
 * BillingAccountType-C-005-C and SubAccountType-C-005-C (942 AWS rows each before the provider
 * account types were derived) must not be among the failures.
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { validateTable } from "~/domain/focus/validation";
import { ingestFiles } from "~/domain/ingest";
import { freshClickHouse } from "../helpers/chdb";
import { DATASETS, type IngestDataset } from "../focus-official/datasets";
import { proveSourceDefects } from "../focus-official/source-defects";

let ch: ClickHouseClient;
const dataset = DATASETS.find((d) => d.name === "focus-1.0-upgraded") as IngestDataset;

beforeAll(async () => ({ ch } = await freshClickHouse()));

describe("FOCUS 1.0 sample after upgrade: source defects", () => {
  it("ABI's 1.2 validation fails exactly the listed rules, each on as many rows as the query over the file", async () => {
    const { file, loadedRows, defects } = dataset.sourceDefects!;
    const [input] = await dataset.files("");
    const r = await ingestFiles(ch, { sourceId: "sample10", files: [path.resolve(input!)], dataset: "focus" });
    expect(r.rows.quarantined).toBe(dataset.quarantined);
    const proven = await proveSourceDefects(ch, path.resolve(file), loadedRows, defects);
    const report = await validateTable(ch, { table: "focus_billing_data", focusVersion: "1.2" });
    const failed = Object.fromEntries(report.results.filter((x) => x.result === "fail").map((x) => [x.ruleId, Number(x.violations)]));
    const expected = Object.fromEntries(defects.filter((d) => d.rule in failed || !d.rule.endsWith("-O")).map((d) => [d.rule, proven.get(d.rule)]));
    // SHOULD rules (-O) only the official validator reports; every other listed rule ABI fails at the proven count.
    for (const d of defects) expect(proven.get(d.rule), `${d.rule}: no source row breaks it`).toBeGreaterThan(0);
    expect(failed).toEqual(expected);
    expect(failed).not.toHaveProperty("BillingAccountType-C-005-C");
    expect(failed).not.toHaveProperty("SubAccountType-C-005-C");
  });
});
