/**
 * A FOCUS 1.1 file loads with every row accounted for and its cost conserved, judged by the 1.1 rules
 * (the 1.2 model without the rules of columns 1.2 added); the version comes from the header, a
 * metadata file next to the data (the FOCUS 1.1 spec's own metadata example), or --focus-version.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { ingestFiles, validationReport } from "~/domain/ingest";
import { FIX, rows } from "../focus/helpers";
import { conservation } from "./conservation";

let ch: ClickHouseClient;
let tmp: string;
const FOCUS11 = path.resolve(FIX("focus-1.1/focus-1.1-sample.csv"));
const FOCUS10 = path.resolve(FIX("focus-1.0/focus_sample.csv"));

beforeAll(async () => {
  ({ ch } = await freshClickHouse());
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "abi-focus-versions-"));
});

/** A copy of `file` in its own folder, with `metadata` (if any) written next to it as metadata.json. */
function inFolder(file: string, metadata?: unknown): string {
  const dir = fs.mkdtempSync(path.join(tmp, "in-"));
  const out = path.join(dir, path.basename(file));
  fs.copyFileSync(file, out);
  if (metadata !== undefined) fs.writeFileSync(path.join(dir, "metadata.json"), JSON.stringify(metadata));
  return out;
}

describe("FOCUS 1.1 input", () => {
  it("loads all 51 rows with billed and effective cost conserved; the report names version 1.1 and the derived columns", async () => {
    const r = await ingestFiles(ch, { sourceId: "focus11", files: [FOCUS11] });
    expect(r.rows.in).toBe(51);
    expect(r.rows.loaded + r.rows.quarantined).toBe(51);
    const c = await conservation(ch, FOCUS11, "focus11", r);
    expect(c.rowsInFile).toBe(51);
    expect(c.out).toEqual([{ currency: "USD", b: 1, e: 1 }]);
    // Quarantined: exactly the rows that break 1.1's "ListUnitPrice × PricingQuantity MUST equal ListCost" (and the
    // contracted twin; FOCUS_Spec v1.1 listunitprice.md, contractedunitprice.md), counted by SQL over the file.
    const [o] = await rows<{ list: string; contracted: string; any: string }>(
      ch,
      `WITH nullIf(nullIf(PricingQuantity, 'NULL'), '') AS pq, nullIf(nullIf(ListUnitPrice, 'NULL'), '') AS lup,
            nullIf(nullIf(ContractedUnitPrice, 'NULL'), '') AS cup, ChargeClass IN ('NULL', '') AS notCorrection,
            notCorrection AND pq IS NOT NULL AND lup IS NOT NULL AND toDecimal256(lup, 18) * toDecimal256(pq, 18) != toDecimal256(ListCost, 18) AS badList,
            notCorrection AND pq IS NOT NULL AND cup IS NOT NULL AND toDecimal256(cup, 18) * toDecimal256(pq, 18) != toDecimal256(ContractedCost, 18) AS badContracted
       SELECT toString(countIf(badList)) AS list, toString(countIf(badContracted)) AS contracted, toString(countIf(badList OR badContracted)) AS any
       FROM file({file:String}, 'CSVWithNames') SETTINGS input_format_csv_use_best_effort_in_schema_inference = 0`,
      { file: FOCUS11 },
    );
    expect(r.rows.quarantined).toBe(Number(o!.any));
    expect(r.quarantine).toEqual([
      { rule: "ListCost-C-009-C", rows: Number(o!.list) },
      { rule: "ListUnitPrice-C-010-C", rows: Number(o!.list) },
      { rule: "ContractedUnitPrice-C-011-C", rows: Number(o!.contracted) },
    ]);
    expect(r.focusInputs).toEqual([expect.objectContaining({ file: "focus-1.1-sample.csv", version: "1.1", source: "header" })]);
    expect(r.focusInputs![0]!.derived).toEqual(expect.arrayContaining([expect.stringMatching(/^BillingAccountType/), expect.stringMatching(/^PricingCurrency /)]));
    expect(r.focusInputs![0]!.derived).not.toEqual(expect.arrayContaining([expect.stringMatching(/^ServiceSubcategory/)]));
    const report = await validationReport(ch, r.runId);
    const input = report!.results.find((x) => x.rule === "x_FocusInput:focus-1.1-sample.csv");
    expect(input?.details).toMatch(/^FOCUS 1\.1 \(from the header\); derived: BillingAccountType/);
    // The rules 1.2 added are reported as not applying, with the reason.
    const skipped = report!.results.find((x) => x.rule === "BillingAccountType-C-005-C");
    expect(skipped).toMatchObject({ result: "skipped" });
    expect(skipped?.details).toMatch(/not a FOCUS 1\.1 requirement/);
  });

  it("--focus-version 1.2 judges the same file by the full 1.2 model; every row is still accounted for", async () => {
    const r = await ingestFiles(ch, { sourceId: "focus11-as-12", files: [FOCUS11], focusVersion: "1.2" });
    expect(r.focusInputs![0]).toMatchObject({ version: "1.2", source: "option" });
    expect(r.rows.loaded + r.rows.quarantined).toBe(51);
  });
});

describe("version detection", () => {
  it("a metadata file next to the data states the version (the FOCUS 1.1 spec's FocusVersion example)", async () => {
    const file = inFolder(FOCUS10, { SchemaId: "45678-abcde-45678-abcde-45678", FocusVersion: "1.1", CreationDate: "2024-04-02T12:01:03.083z" });
    const r = await ingestFiles(ch, { sourceId: "meta", files: [file] });
    expect(r.focusInputs).toEqual([expect.objectContaining({ version: "1.1", source: "metadata", detail: "metadata.json" })]);
    expect(r.rows.loaded + r.rows.quarantined).toBe(1000);
  });

  it("Microsoft's export manifest (FocusCost dataVersion 1.0r2) counts as FOCUS 1.0", async () => {
    const file = inFolder(FOCUS11, { exportConfig: { type: "FocusCost", dataVersion: "1.0r2" } });
    const r = await ingestFiles(ch, { sourceId: "manifest", files: [file] });
    expect(r.focusInputs).toEqual([expect.objectContaining({ version: "1.0", source: "metadata" })]);
  });

  it("--focus-version wins over metadata and header", async () => {
    const file = inFolder(FOCUS10, { FocusVersion: "1.1" });
    const r = await ingestFiles(ch, { sourceId: "option", files: [file], focusVersion: "1.0" });
    expect(r.focusInputs).toEqual([expect.objectContaining({ version: "1.0", source: "option" })]);
  });

  it("--focus-version on an Azure cost file is refused with a readable message", async () => {
    await expect(ingestFiles(ch, { sourceId: "ea", files: [FIX("azure-ea/EA_ActualCost_Small.csv")], focusVersion: "1.0" })).rejects.toThrow(
      "--focus-version 1.0 applies to FOCUS files, and EA_ActualCost_Small.csv is not one",
    );
  });
});
