/**
 * FOCUS 1.2 rules that a dataset's own source rows break: not validator defects and not ABI's doing
 * (an upgrade cannot invent a ResourceType the file does not carry). A dataset lists them with a
 * proof, a query over the source file that counts the offending rows; the check accepts the rule
 * (and the composites over it) on that dataset only, only while the proof finds rows, and, where
 * ABI's own validation reports the rule, only when ABI counts exactly as many.
 * Documented in docs/focus-validator-defects.md ("Defects of the source data").
 */
import type { ClickHouseClient } from "~/domain/runtime/clickhouse";

export type SourceDefect = {
  /** The rule the rows break (ABI and/or the official validator report it). */
  rule: string;
  /** Official composites that fail only because `rule` does. */
  composites?: string[];
  why: string;
  /** SELECT returning one column `n` (the offending rows) over `src`, the source file's loaded rows as String columns. */
  sql: string;
};

/** `x` is null in a FOCUS CSV (empty or the literal NULL). */
export const isNull = (x: string) => `(${x} IN ('', 'NULL'))`;
const dec = (x: string) => `toDecimal256(${x}, 18)`;
const notCorrection = `NOT (ChargeClass = 'Correction')`;

/** The official FOCUS 1.0 sample after upgrade (test/fixtures/focus-1.0/focus_sample.csv). */
export const FOCUS_10_SAMPLE_DEFECTS: SourceDefect[] = [
  {
    rule: "ResourceType-C-005-C",
    composites: ["ResourceType-C-003-C", "ResourceType-C-000-C"],
    why: "AWS rows name a ResourceId but leave ResourceType null (already a FOCUS 1.0 MUST, which focus-validator 1.0.0 does not check).",
    sql: `SELECT count() AS n FROM src WHERE NOT ${isNull("ResourceId")} AND ${isNull("ResourceType")}`,
  },
  {
    rule: "ResourceType-C-004-C",
    composites: ["ResourceType-C-003-C", "ResourceType-C-000-C"],
    why: "Rows without a ResourceId still carry a ResourceType.",
    sql: `SELECT count() AS n FROM src WHERE ${isNull("ResourceId")} AND NOT ${isNull("ResourceType")}`,
  },
  {
    rule: "RegionName-C-005-C",
    composites: ["RegionName-C-003-C", "RegionName-C-000-C"],
    why: "Rows with a RegionId and no RegionName.",
    sql: `SELECT count() AS n FROM src WHERE NOT ${isNull("RegionId")} AND ${isNull("RegionName")}`,
  },
  {
    rule: "ContractedUnitPrice-C-009-C",
    composites: ["ContractedUnitPrice-C-008-C", "ContractedUnitPrice-C-000-C"],
    why: "A negative ContractedUnitPrice (a unit price MUST be non-negative; a credit is a negative cost, not price).",
    sql: `SELECT count() AS n FROM src WHERE NOT ${isNull("ContractedUnitPrice")} AND ${dec("ContractedUnitPrice")} < 0`,
  },
  {
    rule: "ContractedUnitPrice-C-011-C",
    why: "ContractedUnitPrice × PricingQuantity differs from ContractedCost.",
    sql: `SELECT count() AS n FROM src WHERE ${notCorrection} AND NOT ${isNull("PricingQuantity")} AND NOT ${isNull("ContractedUnitPrice")}
          AND ${dec("ContractedUnitPrice")} * ${dec("PricingQuantity")} != ${dec("ContractedCost")}`,
  },
  {
    rule: "ListCost-C-009-C",
    why: "ListUnitPrice × PricingQuantity differs from ListCost.",
    sql: `SELECT count() AS n FROM src WHERE ${notCorrection} AND NOT ${isNull("PricingQuantity")} AND NOT ${isNull("ListUnitPrice")}
          AND ${dec("ListUnitPrice")} * ${dec("PricingQuantity")} != ${dec("ListCost")}`,
  },
  {
    rule: "ListUnitPrice-C-010-C",
    why: "The same rows as ListCost-C-009-C, judged from the unit price's side.",
    sql: `SELECT count() AS n FROM src WHERE ${notCorrection} AND NOT ${isNull("PricingQuantity")} AND NOT ${isNull("ListUnitPrice")}
          AND ${dec("ListUnitPrice")} * ${dec("PricingQuantity")} != ${dec("ListCost")}`,
  },
  {
    rule: "ServiceName-C-005-C",
    composites: ["ServiceName-C-004-C", "ServiceName-C-000-M", "ServiceName-C-008-C", "ServiceName-C-007-C"],
    why: "A ServiceName under two ServiceCategory values; its derived ServiceSubcategory (\"Other (<category>)\") then differs too (-008-C).",
    sql: `SELECT count() AS n FROM (SELECT ServiceName FROM src GROUP BY ServiceName HAVING uniqExact(ServiceCategory) > 1)`,
  },
  {
    rule: "ConsumedUnit-C-003-O",
    composites: ["ConsumedUnit-C-000-C"],
    why: "Units such as 'Lambda-GB-Seconds' and 'GiB/Second-Months' combine two operators, which the FOCUS unit format (a SHOULD) has no form for.",
    sql: `SELECT count() AS n FROM src WHERE match(ConsumedUnit, '-.*-|/.*-')`,
  },
  {
    rule: "PricingUnit-C-003-O",
    composites: ["PricingUnit-C-000-M"],
    why: "The same units as PricingUnit.",
    sql: `SELECT count() AS n FROM src WHERE match(PricingUnit, '-.*-|/.*-')`,
  },
  {
    rule: "CommitmentDiscountQuantity-C-005-C",
    why: "CommitmentDiscountQuantity was added in FOCUS 1.1: the 1.0 file has no such column, so its commitment rows keep it null after the upgrade.",
    sql: `SELECT count() AS n FROM src WHERE ChargeCategory IN ('Usage', 'Purchase') AND NOT ${isNull("CommitmentDiscountId")} AND ${notCorrection}`,
  },
];

/** Each defect's proof over `file` (rows kept by `loadedRows`, an SQL condition): rule → offending rows. */
export async function proveSourceDefects(ch: ClickHouseClient, file: string, loadedRows: string, defects: SourceDefect[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const d of defects) {
    const rs = await ch.query({
      query: `WITH src AS (SELECT * FROM file({file:String}, 'CSVWithNames') WHERE ${loadedRows}) SELECT toString(n) AS n FROM (${d.sql})
              SETTINGS input_format_csv_use_best_effort_in_schema_inference = 0`,
      query_params: { file },
      format: "JSONEachRow",
    });
    const [row] = await rs.json<{ n: string }>();
    counts.set(d.rule, Number(row?.n ?? 0));
  }
  return counts;
}
