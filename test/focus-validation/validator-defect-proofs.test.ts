/**
 * The allow-list of the official validator (docs/focus-validator-defects.md) and the hand-made proofs
 * (test/focus-official/defect-proofs.ts) agree, and every proof dataset is correct FOCUS 1.2 for ABI's
 * own validator. That the official validator fails each listed rule on its proof is asserted by
 * `npm run focus:official-check` (scripts/focus-official-check.ts), where the validator is installed.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { validateTable } from "~/domain/focus/validation";
import { parseKnownDefects } from "~/domain/focus/validation/official-report";
import { freshClickHouse } from "../helpers/chdb";
import { loadFocusRecords } from "../helpers/focus-fixture-table";
import { DATASET_COMPOSITES, defectProofs } from "../focus-official/defect-proofs";

const DOC = fs.readFileSync("docs/focus-validator-defects.md", "utf8");
const { header, proofs } = defectProofs();

let ch: ClickHouseClient;
beforeAll(async () => ({ ch } = await freshClickHouse({ migrate: false })));
afterAll(async () => ch?.close());

describe("allow-listed official validator failures", () => {
  it("each allow-listed rule is failed by a named proof, and each proof's rules are allow-listed", () => {
    const listed = parseKnownDefects(DOC).map((d) => d.ruleId);
    const proven = new Set([...proofs.flatMap((p) => p.fails), ...DATASET_COMPOSITES]);
    expect([...listed].sort()).toEqual([...proven].sort());
    // The table row names the proof that shows it ("Shown by `id`"), and that proof lists the rule.
    const ids = new Set(proofs.map((p) => p.id));
    for (const line of DOC.split("\n")) {
      const rule = /^\|\s*`([A-Za-z]+-[A-Z]-\d{3}-[MCO])`/.exec(line)?.[1];
      if (!rule || DATASET_COMPOSITES.includes(rule)) continue;
      const named = [...line.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]!).filter((x) => ids.has(x));
      expect(named.length, `${rule}: no "Shown by" proof`).toBeGreaterThan(0);
      for (const id of named) expect(proofs.find((p) => p.id === id)?.fails, `${rule} in ${id}`).toContain(rule);
    }
  });

  it("InvoiceId-C-005-C is a data limitation of EA exports, not a validator defect", () => {
    const limitations = DOC.slice(DOC.indexOf("## Data limitations"));
    const defects = DOC.slice(0, DOC.indexOf("## Data limitations"));
    expect(limitations).toMatch(/\| `InvoiceId-C-005-C` \| data limitation \|/);
    expect(defects).not.toContain("`InvoiceId-C-005-C` |");
  });

  it.each(proofs.map((p) => [p.id, p] as const))("proof %s is correct FOCUS 1.2 for ABI's validator", async (_id, p) => {
    expect(p.correct.length).toBeGreaterThan(60);
    const data = p.rows.map((r) => header.map((h) => r[h] ?? ""));
    const fx = await loadFocusRecords(ch, header, data, "proof");
    const report = await validateTable(ch, { table: fx.table, focusVersion: "1.2" });
    expect(report.rows).toBe(p.rows.length);
    expect(report.results.filter((r) => r.result === "fail").map((r) => `${r.ruleId}: ${r.description}`)).toEqual([]);
  });
});
