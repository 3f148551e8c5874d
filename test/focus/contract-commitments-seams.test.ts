import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import { ingestFiles, validationReport } from "~/domain/ingest";
import { recordDirectRun } from "~/domain/ingestion/direct-runs";
import { runDetail } from "~/domain/ingestion/run-detail";
import { ensureFileSource } from "~/domain/sources/registry";
import { appRouter } from "~/server/api/root";
import { createCallerFactory } from "~/server/api/trpc";
import { FIX } from "./helpers";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";

/**
 * Contract-commitment loads beside the rest of the product.
 *
 * A later export of the same contracts under another file name (exports are dated: the file name is
 * not stable) supersedes the earlier one for the contracts it carries. Before, both file sets stayed
 * and the burn-down showed a commitment dropped by the later export (SP-HOURS) and picked the
 * committed amount of either export for MACC-1 (any()).
 * contract-commitments.csv: C-MACC-2025/MACC-1 1,000,000 USD; C-SP-2025/SP-1 36,000 USD and SP-HOURS 8,760 Hours.
 * contract-commitments-v2.csv (later): C-MACC-2025/MACC-1 1,200,000 USD (amended); C-SP-2025/SP-1 36,000 USD only.
 */
const V1 = FIX("contract-commitments/contract-commitments.csv");
const V2 = FIX("contract-commitments/contract-commitments-v2.csv");

let rt: Runtime;
let adminId = "";
const factory = createCallerFactory(appRouter);
const admin = () =>
  factory({ rt, db: rt.db, ch: rt.ch, headers: new Headers(), session: { expires: "2999-01-01", user: { id: adminId, email: "admin@x.io", name: "", role: "admin" } } });

function copyAs(src: string, name: string): string {
  const dest = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "abi-cc-")), name);
  fs.copyFileSync(src, dest);
  return dest;
}

beforeAll(async () => {
  rt = await freshEmbeddedRuntime("cc-later");
  adminId = (await createUser(rt.db, { email: "admin@x.io", role: "admin", password: "a-long-password" })).id;
}, 180_000);
afterAll(async () => rt?.close());

describe("a later contract-commitment export under another name", () => {
  it("supersedes the earlier export's commitments of the same contracts", async () => {
    await ingestFiles(rt.ch, { sourceId: "cc", files: [copyAs(V1, "commitments-2025-01.csv")] });
    await ingestFiles(rt.ch, { sourceId: "cc", files: [copyAs(V2, "commitments-2025-02.csv")] });
    const list = await admin().commitments.contracts();
    expect(list.map((r) => [r.contractId, r.commitmentId, r.committed]).sort()).toEqual([
      ["C-MACC-2025", "MACC-1", "1200000"],
      ["C-SP-2025", "SP-1", "36000"],
    ]);
  });

  it("keeps a contract the later export does not carry", async () => {
    // Another source's export with only the MACC: C-SP-2025 still comes from the 2025-02 export.
    const onlyMacc = fs.readFileSync(V1, "utf8").split("\n").filter((l, i) => i === 0 || l.startsWith("C-MACC-2025,")).join("\n");
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "abi-cc-")), "macc-2025-03.csv");
    fs.writeFileSync(file, `${onlyMacc}\n`);
    await ingestFiles(rt.ch, { sourceId: "cc-2", files: [file] });
    const list = await admin().commitments.contracts();
    expect(list.map((r) => [r.contractId, r.commitmentId, r.committed]).sort()).toEqual([
      ["C-MACC-2025", "MACC-1", "1000000"],
      ["C-SP-2025", "SP-1", "36000"],
    ]);
  });
});

describe("the run page of a contract-commitment run", () => {
  it("lists its quarantined rows with their reasons, as for a cost run", async () => {
    const runId = crypto.randomUUID();
    const source = await ensureFileSource(rt.db, "cc-detail");
    await recordDirectRun(rt.ch, { runId, origin: "cli-ingest", sourceId: source.id });
    const report = await ingestFiles(rt.ch, { sourceId: source.id, runId, files: [V1] });
    expect(report.rows.quarantined).toBe(1);
    const detail = await runDetail(rt, "cli-ingest", runId);
    // contract-commitments.csv row 4 is the bad one: category "Monthly", cost "abc" (see the fixture's README).
    expect(detail.quarantine.map((q) => ({ file: q.file, row: q.row, rules: [...q.rules].sort() }))).toEqual([
      { file: "contract-commitments.csv", row: 4, rules: ['ContractCommitmentCategory must be Spend or Usage, not "Monthly"', "ContractCommitmentCost is not a number: abc"] },
    ]);
    expect(JSON.parse(detail.quarantine[0]!.raw)).toMatchObject({ ContractId: "C-BAD" });
  });
});

describe("abi validate after a contract-commitment load", () => {
  it("reports the latest run that was validated (a contract-commitment run has no FOCUS validation report)", async () => {
    const cost = await ingestFiles(rt.ch, { sourceId: "cc-validate", files: [FIX("azure-ea/EA_ActualCost_Small.csv")], dataset: "ea-actual" });
    await ingestFiles(rt.ch, { sourceId: "cc-validate", files: [V1] });
    const report = await validationReport(rt.ch);
    expect(report?.runId).toBe(cost.runId);
    expect(report!.results.length).toBeGreaterThan(0);
  });
});
