import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { columnType, FOCUS_12_COLUMNS, FOCUS_13_COLUMNS } from "~/domain/focus/columns";
import { MODEL_12_PATCHES, rowRuleSet } from "~/domain/focus/validation";
import { loadRequirementModel } from "~/domain/focus/validation/model";
import { patchedRequirementModel } from "~/domain/focus/validation/model-patches";
import { parseKnownDefects, parseOfficialJunit } from "~/domain/focus/validation/official-report";

describe("requirement model patches", () => {
  it("covers the defects listed in focus.md §3.4, each with a reason, and changes the rule it names", () => {
    const raw = loadRequirementModel("1.2");
    const patched = patchedRequirementModel("1.2");
    const ids = MODEL_12_PATCHES.map((p) => p.ruleId);
    for (const id of [
      "CommitmentDiscountStatus-C-005-M",
      "CommitmentDiscountStatus-C-003-C",
      "CommitmentDiscountStatus-C-004-C",
      "ConsumedQuantity-C-006-C",
      "PricingCurrencyEffectiveCost-C-004-M",
      "EffectiveCost-C-005-C",
    ]) {
      expect(ids).toContain(id);
    }
    for (const p of MODEL_12_PATCHES) {
      expect(p.reason.length, p.ruleId).toBeGreaterThan(20);
      expect(patched.ModelRules[p.ruleId], p.ruleId).not.toEqual(raw.ModelRules[p.ruleId]);
    }
    expect(Object.keys(raw.ModelRules)).toHaveLength(621);
  });
});

describe("FOCUS versions", () => {
  it("1.3 adds ABI's rules for the 1.3 columns; 1.2 does not", () => {
    const columns = [...FOCUS_12_COLUMNS, ...FOCUS_13_COLUMNS].map((c) => ({ name: c.name, type: columnType(c) }));
    const v13 = rowRuleSet({ columns, focusVersion: "1.3" }).rules.map((r) => r.id);
    const v12 = rowRuleSet({ columns, focusVersion: "1.2" }).rules.map((r) => r.id);
    expect(v13).toEqual(expect.arrayContaining(["ABI-13-ServiceProviderName-001-M", "ABI-13-ContractApplied-001-M"]));
    expect(v12.some((id) => id.startsWith("ABI-13-"))).toBe(false);
    expect(v13.length).toBe(v12.length + 5);
  });
});

describe("official validator report", () => {
  it("parses failed rules out of the JUnit XML", () => {
    const xml = `<?xml version='1.0' encoding='utf-8'?>
<testsuites name="FOCUS Validations" tests="3" failures="1" errors="0" skipped="1">
  <testsuite name="A"><testcase name="BilledCost-C-003-M :: Nullability" time="0" /></testsuite>
  <testsuite name="B"><testcase name="InvoiceId-C-005-C :: Nullability" time="0">
      <failure name="InvoiceId-C-005-C" message="Nullability check for InvoiceId" type="AssertionError">Failed</failure>
  </testcase></testsuite>
  <testsuite name="C"><testcase name="BilledCost-C-004-M :: Validation" time="0"><skipped message="x" /></testcase></testsuite>
</testsuites>`;
    expect(parseOfficialJunit(xml)).toEqual({
      tests: 3,
      failures: 1,
      skipped: 1,
      failedRules: [{ ruleId: "InvoiceId-C-005-C", message: "Nullability check for InvoiceId" }],
    });
    expect(() => parseOfficialJunit("<html/>")).toThrow(/no <testsuites>/);
  });

  it("reads the documented validator defects, each with a reason", () => {
    const known = parseKnownDefects(fs.readFileSync("docs/focus-validator-defects.md", "utf8"));
    const ids = known.map((k) => k.ruleId);
    expect(ids).toEqual(expect.arrayContaining(["InvoiceId-C-005-C", "CapacityReservationStatus-C-004-C", "CommitmentDiscountStatus-C-004-C", "CostAndUsage-D-000-M"]));
    expect(new Set(ids).size).toBe(ids.length);
    for (const k of known) expect(k.reason.length, k.ruleId).toBeGreaterThan(30);
  });
});
