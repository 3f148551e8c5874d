import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import zlib from "node:zlib";
import { convertStep, ingestFiles, stageStep, swapStep, validateStep } from "~/domain/ingest";
import { rebuildAllRollups } from "~/domain/analytics/rollups";
import { appRouter } from "~/server/api/root";
import { createCallerFactory } from "~/server/api/trpc";
import { focusRow, type FocusRowInput } from "../analytics/focus-rows";
import { rows, FIX } from "./helpers";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";

/**
 * FOCUS 1.3 Contract Commitment files: load, re-load, quarantine, lineage, and the burn-down on
 * the commitments page. Expected numbers are worked out by hand in the comments below.
 */
const V1 = FIX("contract-commitments/contract-commitments.csv");
const V2 = FIX("contract-commitments/contract-commitments-v2.csv");
const SOURCE = "contracts-test";

let rt: Runtime;
const ids: Record<string, string> = {};
const factory = createCallerFactory(appRouter);
const as = (email: string) =>
  factory({ rt, db: rt.db, ch: rt.ch, headers: new Headers(), session: { expires: "2999-01-01", user: { id: ids[email]!, email, name: "", role: "viewer" } } });

/** A file under the given name in a fresh directory: a re-export of "the same" file. */
function copyAs(src: string, name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-cc-"));
  const dest = path.join(dir, name);
  fs.copyFileSync(src, dest);
  return dest;
}

/**
 * Cost rows, every day 2025-01-01 … 2025-03-31 (90 days):
 *   ba-1 / sub-a: Usage 100.00 USD billed; ContractApplied: SP-1 60.50 USD, SP-HOURS 24 hours (as a JSON string)
 *   ba-2 / sub-c: Usage 40.00 USD, no ContractApplied
 *   ba-1 / sub-a: Usage 50.00 EUR (other currency)
 * plus ba-1 Purchase 1000.00 USD and Tax 99.00 USD on 2025-02-01, and Usage 500.00 USD on 2024-12-31 (before every term).
 */
function costRows(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const applied = JSON.stringify({
    Elements: [
      { ContractId: "C-SP-2025", ContractCommitmentId: "SP-1", ContractCommitmentAppliedCost: 60.5 },
      { ContractId: "C-SP-2025", ContractCommitmentId: "SP-HOURS", ContractCommitmentAppliedCost: 0, ContractCommitmentAppliedQuantity: "24", ContractCommitmentAppliedUnit: "Hours" },
    ],
  });
  const row = (r: FocusRowInput, extra: Record<string, unknown> = {}) => out.push({ ...focusRow(r), ...extra });
  for (let t = Date.parse("2025-01-01T00:00:00Z"); t < Date.parse("2025-04-01T00:00:00Z"); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    row({ day, cost: "100.00", currency: "USD", billingAccount: "ba-1", subAccount: "sub-a" }, { ContractApplied: applied });
    row({ day, cost: "40.00", currency: "USD", billingAccount: "ba-2", subAccount: "sub-c" });
    row({ day, cost: "50.00", currency: "EUR", billingAccount: "ba-1", subAccount: "sub-a" });
  }
  row({ day: "2025-02-01", cost: "1000.00", currency: "USD", chargeCategory: "Purchase", billingAccount: "ba-1", subAccount: "sub-a" });
  row({ day: "2025-02-01", cost: "99.00", currency: "USD", chargeCategory: "Tax", billingAccount: "ba-1", subAccount: "sub-a" });
  row({ day: "2024-12-31", cost: "500.00", currency: "USD", billingAccount: "ba-1", subAccount: "sub-a" });
  return out;
}

beforeAll(async () => {
  rt = await freshEmbeddedRuntime("contracts");
  await rt.ch.insert({ table: "focus_billing_data", values: costRows(), format: "JSONEachRow" });
  await rebuildAllRollups(rt.ch);
  ids["admin@x.io"] = (await createUser(rt.db, { email: "admin@x.io", role: "admin", password: "a-long-password" })).id;
  const scoped = await createUser(rt.db, { email: "sub-c@x.io", role: "viewer", password: "a-long-password" });
  ids["sub-c@x.io"] = scoped.id;
  await as("admin@x.io").grants.setDataAccess({ userId: scoped.id, dataAccess: "granted" });
  await as("admin@x.io").grants.create({ userId: scoped.id, role: "viewer", scopeKind: "sub_account", scopeValue: "sub-c" });
}, 180_000);
afterAll(async () => rt?.close());

const stored = () =>
  rows<{ c: string; id: string; cat: string; cost: string | null; qty: string | null; unit: string | null; cur: string | null; start: string; run: string; file: string; row: string }>(
    rt.ch,
    `SELECT ContractId AS c, ContractCommitmentId AS id, toString(ContractCommitmentCategory) AS cat, toString(ContractCommitmentCost) AS cost,
  toString(ContractCommitmentQuantity) AS qty, ContractCommitmentUnit AS unit, BillingCurrency AS cur, toString(ContractCommitmentPeriodStart) AS start,
  x_IngestRunId AS run, x_FileName AS file, toString(x_RowNumber) AS row
FROM focus_contract_commitments WHERE x_SourceId = {s:String} ORDER BY c, id`,
    { s: SOURCE },
  );

describe("loading a FOCUS 1.3 contract-commitment file", () => {
  let runId = "";

  it("stores the good rows with lineage and quarantines the bad one with its reasons", async () => {
    const report = await ingestFiles(rt.ch, { sourceId: SOURCE, files: [V1] });
    runId = report.runId;
    expect(report.dataset).toBe("focus-1.3-contract-commitment");
    expect(report.rows).toEqual({ in: 4, loaded: 3, quarantined: 1, excluded: 0 });
    expect(await stored()).toEqual([
      { c: "C-MACC-2025", id: "MACC-1", cat: "Spend", cost: "1000000", qty: null, unit: null, cur: "USD", start: "2025-01-01 00:00:00", run: runId, file: "contract-commitments.csv", row: "1" },
      { c: "C-SP-2025", id: "SP-1", cat: "Spend", cost: "36000", qty: null, unit: null, cur: "USD", start: "2025-01-01 00:00:00", run: runId, file: "contract-commitments.csv", row: "2" },
      { c: "C-SP-2025", id: "SP-HOURS", cat: "Usage", cost: null, qty: "8760", unit: "Hours", cur: null, start: "2025-01-01 00:00:00", run: runId, file: "contract-commitments.csv", row: "3" },
    ]);
    const q = await rows<{ row: string; reasons: string[]; raw: string }>(
      rt.ch,
      "SELECT toString(row_number) AS row, reasons, raw_row AS raw FROM focus_contract_commitment_quarantine WHERE x_SourceId = {s:String}",
      { s: SOURCE },
    );
    expect(q).toHaveLength(1);
    expect(q[0]!.row).toBe("4");
    expect([...q[0]!.reasons].sort()).toEqual(['ContractCommitmentCategory must be Spend or Usage, not "Monthly"', "ContractCommitmentCost is not a number: abc"]);
    expect(JSON.parse(q[0]!.raw)).toMatchObject({ ContractId: "C-BAD", ContractCommitmentCost: "abc" });

    const [run] = await rows<{ status: string; dataset: string; loaded: string; quarantined: string }>(
      rt.ch,
      "SELECT argMax(status, updated_at) AS status, argMax(dataset, updated_at) AS dataset, toString(argMax(rows_loaded, updated_at)) AS loaded, toString(argMax(rows_quarantined, updated_at)) AS quarantined FROM ingest_runs WHERE run_id = {r:String}",
      { r: runId },
    );
    expect(run).toEqual({ status: "succeeded", dataset: "focus-1.3-contract-commitment", loaded: "3", quarantined: "1" });
    const [file] = await rows<{ sha256: string; rows: string }>(rt.ch, "SELECT sha256, toString(rows) AS rows FROM ingest_run_files WHERE run_id = {r:String}", { r: runId });
    expect(file).toEqual({ sha256: crypto.createHash("sha256").update(fs.readFileSync(V1)).digest("hex"), rows: "4" });
  });

  it("re-loading the same file set replaces its rows and its quarantine", async () => {
    const report = await ingestFiles(rt.ch, { sourceId: SOURCE, files: [copyAs(V2, "contract-commitments.csv")] });
    expect(report.rows).toEqual({ in: 2, loaded: 2, quarantined: 0, excluded: 0 });
    const now = await stored();
    expect(now.map((r) => [r.id, r.cost, r.run])).toEqual([
      ["MACC-1", "1200000", report.runId],
      ["SP-1", "36000", report.runId],
    ]);
    expect(await rows(rt.ch, "SELECT 1 FROM focus_contract_commitment_quarantine WHERE x_SourceId = {s:String}", { s: SOURCE })).toEqual([]);
    // Back to the first export for the burn-down below.
    await ingestFiles(rt.ch, { sourceId: SOURCE, files: [V1] });
    expect((await stored()).map((r) => r.id)).toEqual(["MACC-1", "SP-1", "SP-HOURS"]);
  });

  it("loads a gzip-compressed file, step by step with the run handed on as JSON (as Temporal activities do)", async () => {
    const gz = copyAs(V1, "contracts.csv.gz");
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(V1)));
    const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
    const runId = crypto.randomUUID();
    const staged = json(await stageStep(rt.ch, { sourceId: "contracts-gz", runId, files: [gz], fileNames: ["contracts.csv.gz"] }));
    const validated = json(await validateStep(rt.ch, json(await convertStep(rt.ch, staged))));
    const report = await swapStep(rt.ch, validated);
    expect(report.rows).toEqual({ in: 4, loaded: 3, quarantined: 1, excluded: 0 });
    const got = await rows<{ id: string; run: string }>(rt.ch, "SELECT ContractCommitmentId AS id, x_IngestRunId AS run FROM focus_contract_commitments WHERE x_SourceId = 'contracts-gz' ORDER BY id");
    expect(got).toEqual(["MACC-1", "SP-1", "SP-HOURS"].map((id) => ({ id, run: runId })));
    // Leave the burn-down below with one copy of each commitment.
    await rt.ch.command({ query: "ALTER TABLE focus_contract_commitments DROP PARTITION ('contracts-gz', 'contracts.csv.gz')" });
  });

  it("refuses a run that mixes contract-commitment and cost files, and keeps what was stored", async () => {
    const before = await stored();
    await expect(ingestFiles(rt.ch, { sourceId: SOURCE, files: [V1, FIX("focus-sample/focus-1.2-azure-sample.csv")] })).rejects.toThrow(
      /contract-commitments\.csv: FOCUS 1\.3 contract-commitment files are loaded on their own/,
    );
    expect(await stored()).toEqual(before);
  });

  it("refuses a file whose rows all fail, with the reasons, and keeps what was stored", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-cc-"));
    const bad = path.join(dir, "contract-commitments.csv");
    const lines = fs.readFileSync(V1, "utf8").trim().split("\n");
    fs.writeFileSync(bad, `${lines[0]}\n${lines[4]}\n`);
    const before = await stored();
    await expect(ingestFiles(rt.ch, { sourceId: SOURCE, files: [bad] })).rejects.toThrow(/all 1 contract-commitment rows failed validation \(.*Monthly.*\); previous data was kept/);
    expect(await stored()).toEqual(before);
  });
});

describe("contract commitment burn-down (commitments.contracts)", () => {
  it("shows committed, consumed to date, remaining and projected at term end for an admin", async () => {
    const list = await as("admin@x.io").commitments.contracts();
    const by = Object.fromEntries(list.map((r) => [r.commitmentId, r]));
    expect(Object.keys(by).sort()).toEqual(["MACC-1", "SP-1", "SP-HOURS"]);
    // Last cost day 2025-03-31: 90 days elapsed of every term.
    for (const r of list) expect(r.asOf).toBe("2025-04-01 00:00:00");

    // SP-1, linked by ContractApplied: 90 × 60.50 = 5445; term 365 days → 5445 × 365 / 90 = 22082.5.
    expect(by["SP-1"]).toMatchObject({ method: "contract-applied", unit: "USD", committed: "36000", consumed: "5445", remaining: "30555", projected: "22082.5", projectedVsCommitted: "-13917.5" });
    // SP-HOURS (Usage): 90 × 24 = 2160 hours; 2160 × 365 / 90 = 8760 = the commitment.
    expect(by["SP-HOURS"]).toMatchObject({ method: "contract-applied", unit: "Hours", committed: "8760", consumed: "2160", remaining: "6600", projected: "8760", projectedVsCommitted: "0" });
    // MACC, no ContractApplied: USD Usage + Purchase billed in the term = 90 × 100 + 90 × 40 + 1000 = 13600
    // (tax, EUR and the 2024 row are not eligible); term 2025-01-01 … 2028-01-01 = 3 × 365 = 1095 days:
    // 13600 × 1095 / 90 = 165466.6… (truncated at 18 decimals).
    expect(by["MACC-1"]).toMatchObject({
      method: "eligible-billed-cost", unit: "USD", committed: "1000000", consumed: "13600", remaining: "986400", projected: "165466.666666666666666666",
    });
    expect(by["MACC-1"]!.elapsedShare).toBeCloseTo(90 / 1095, 5);
  });

  it("the MACC's consumption equals an SQL sum over the fact table written here", async () => {
    const [o] = await rows<{ s: string }>(
      rt.ch,
      `SELECT toString(sum(BilledCost)) AS s FROM focus_billing_data WHERE BillingCurrency = 'USD' AND ChargeCategory IN ('Usage', 'Purchase')
  AND ChargePeriodStart >= '2025-01-01 00:00:00' AND ChargePeriodStart < '2028-01-01 00:00:00'`,
    );
    const macc = (await as("admin@x.io").commitments.contracts()).find((r) => r.commitmentId === "MACC-1")!;
    expect(macc.consumed).toBe(o!.s);
  });

  it("shows a scoped viewer only the commitments its scope draws on, with its scope's consumption", async () => {
    const list = await as("sub-c@x.io").commitments.contracts();
    // sub-c has no ContractApplied rows, 90 × 40 = 3600 USD of eligible usage: only the MACC.
    expect(list.map((r) => [r.commitmentId, r.method, r.consumed])).toEqual([["MACC-1", "eligible-billed-cost", "3600"]]);
  });
});
