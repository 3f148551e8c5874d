import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { ingestFiles } from "~/domain/ingest";
import { generateEaExports, type GenerateEaExportsResult } from "~/domain/seed";
import { rows } from "./helpers";

let ch: ClickHouseClient;
let gen: GenerateEaExportsResult;
let tmp: string;
const file = (kind: "actual" | "amortized") => gen.files.find((f) => f.kind === kind)!.path;
/** The same bytes under a name that does not say actual or amortized (a renamed or hand-made export). */
const unnamed = (kind: "actual" | "amortized", name: string) => {
  const p = path.join(tmp, name);
  fs.copyFileSync(file(kind), p);
  return p;
};

beforeAll(async () => {
  ({ ch } = await freshClickHouse());
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "abi-kind-"));
  gen = await generateEaExports({ months: 1, endMonth: "2025-06", rowsPerDay: 120, seed: 11, outDir: tmp });
});

async function freeCommitmentUsageRows(p: string): Promise<number> {
  const [r] = await rows<{ n: string }>(
    ch,
    `SELECT count() AS n FROM file({p:String}, 'CSVWithNames', 'CostInBillingCurrency String, ChargeType String, PricingModel String')
WHERE PricingModel IN ('Reservation', 'SavingsPlan') AND ChargeType = 'Usage' AND toDecimal128(CostInBillingCurrency, 18) = 0
SETTINGS input_format_with_names_use_header = 1`,
    { p },
  );
  return Number(r!.n);
}

describe("actual vs amortized", () => {
  it("tells unnamed files apart by their rows and converts them exactly as named ones", async () => {
    const named = await ingestFiles(ch, { sourceId: "kind-named", files: [file("actual"), file("amortized")] });
    const guessed = await ingestFiles(ch, { sourceId: "kind-unnamed", files: [unnamed("actual", "export-a.csv"), unnamed("amortized", "export-b.csv")] });
    expect(guessed.dataset).toBe("ea-actual+ea-amortized");
    expect(guessed.rows).toEqual(named.rows);
    expect(guessed.totals).toEqual(named.totals);
    expect(named.approximations).toEqual([]);
  });

  it("an actual file alone says how many commitment-covered usage rows have no effective cost", async () => {
    const free = await freeCommitmentUsageRows(file("actual"));
    expect(free).toBeGreaterThan(0);
    const r = await ingestFiles(ch, { sourceId: "kind-actual", files: [unnamed("actual", "usage.csv")] });
    expect(r.dataset).toBe("ea-actual");
    expect(r.rows.excluded).toBe(0);
    expect(r.approximations).toEqual([expect.stringContaining(`EffectiveCost of ${free} commitment-covered usage rows is 0`)]);
  });

  it("an amortized file alone says purchases are missing", async () => {
    const r = await ingestFiles(ch, { sourceId: "kind-amortized", files: [file("amortized")] });
    expect(r.dataset).toBe("ea-amortized");
    expect(r.approximations).toEqual([expect.stringMatching(/^amortized cost only: commitment purchases and refunds are missing/)]);
  });
});
