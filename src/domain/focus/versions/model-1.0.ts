/**
 * The FOCUS 1.0 rule set of focus-validator 1.0.0 (YAML, clickhouse/focus-spec/model-1.0/) compiled
 * to the same shape as the 1.2 model's rules: row rules (SQL over the stored columns), schema rules
 * (presence in the input file, type of the stored column) and skipped rules with their reason.
 * How each check kind is read: docs/focus-versions.md ("FOCUS 1.0 rules").
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { focusSpecDir, nationalCurrencyCodes } from "../validation/model";
import type { CompiledRuleSet, TableColumn } from "../validation/rule-set";
import { ident, isDateTimeType, isDecimalType, isFloatType, isStringType, stringLiteral } from "../validation/sql";

type Check =
  | "column_required"
  | { allow_nulls: boolean }
  | { data_type: "string" | "decimal" | "datetime" | "currency-code" | "stringified-json-object" }
  | { value_in: string[] }
  | { sql_query: string };

export type Focus10Rule = { id: string; column: string; check: Check; description?: string };

/**
 * Column IDs of the validator's 1.0 set that still use pre-1.0 names; FOCUS 1.0 GA renamed them
 * (focus.md §1), so the rule applies to the 1.0 column of the new name.
 */
export const VALIDATOR_10_COLUMN_NAMES: Readonly<Record<string, string>> = {
  InvoiceIssuer: "InvoiceIssuerName",
  Provider: "ProviderName",
  Publisher: "PublisherName",
  ResourceID: "ResourceId",
};

function modelDir(): string {
  return path.join(focusSpecDir(), "model-1.0");
}

let cached: Focus10Rule[] | undefined;

/** The rules of the validator's "1.0" version set, in the set's order (file name stem = rule id, as in the validator). */
export function loadFocus10Rules(): Focus10Rule[] {
  if (cached) return cached;
  const sets = parse(fs.readFileSync(path.join(modelDir(), "version_sets.yaml"), "utf8")) as Record<string, string[]>;
  cached = (sets["1.0"] ?? []).map((file) => {
    const doc = parse(fs.readFileSync(path.join(modelDir(), "rules", file), "utf8")) as { column_id: string; check: Check; check_friendly_name?: string };
    return { id: file.replace(/\.yaml$/, ""), column: doc.column_id, check: doc.check, description: doc.check_friendly_name };
  });
  return cached;
}

function describe(r: Focus10Rule, column: string): string {
  if (r.description) return r.description;
  const c = r.check;
  if (c === "column_required") return `${column} MUST be present (FOCUS 1.0).`;
  if ("allow_nulls" in c) return c.allow_nulls ? `${column} MAY be null (FOCUS 1.0).` : `${column} MUST NOT be null (FOCUS 1.0).`;
  if ("data_type" in c) return `${column} MUST be of type ${c.data_type} (FOCUS 1.0).`;
  if ("value_in" in c) return `${column} MUST be one of ${c.value_in.join(", ")} (FOCUS 1.0).`;
  return `${column}: SQL check of the validator (FOCUS 1.0).`;
}

function typeHolds(kind: "string" | "decimal" | "datetime", type: string): boolean {
  if (kind === "string") return isStringType(type);
  if (kind === "decimal") return isDecimalType(type) || isFloatType(type);
  return isDateTimeType(type);
}

/**
 * Compiles the 1.0 rules for rows stored in a table with `columns`. `inputColumns` are the FOCUS
 * column names the input file has (after the header is matched), for the presence rules.
 */
export function compileFocus10(columns: readonly TableColumn[], inputColumns: ReadonlySet<string>): CompiledRuleSet {
  const cols = new Map(columns.map((c) => [c.name, c.type]));
  const out: CompiledRuleSet = { rows: [], schema: [], distinctCounts: [], skipped: [] };
  for (const r of loadFocus10Rules()) {
    const name = VALIDATOR_10_COLUMN_NAMES[r.column] ?? r.column;
    const description = describe(r, name);
    const c = r.check;
    const type = cols.get(name);
    if (c === "column_required") {
      const pass = inputColumns.has(name);
      out.schema.push({ id: r.id, description, column: name, kind: "presence", pass, detail: pass ? "present in the input file" : "column absent from the input file" });
      continue;
    }
    if ("sql_query" in c) {
      // SkuPriceId_Nullable: written against ChargeType, a pre-1.0 column FOCUS 1.0 replaced by ChargeCategory.
      out.skipped.push({ id: r.id, description, column: name, reason: "not compiled: the validator's SQL check refers to pre-1.0 columns (ChargeType)" });
      continue;
    }
    if (type === undefined) {
      out.skipped.push({ id: r.id, description, column: name, reason: `skipped (column absent: ${name})` });
      continue;
    }
    const col = ident(name);
    if ("allow_nulls" in c) {
      // "MAY be null" has nothing to break; it is reported as a rule that passes.
      out.rows.push({ id: r.id, description, column: name, failWhen: c.allow_nulls ? "0" : `${col} IS NULL` });
    } else if ("value_in" in c) {
      out.rows.push({ id: r.id, description, column: name, failWhen: `${col} IS NOT NULL AND ${col} NOT IN (${c.value_in.map(stringLiteral).join(", ")})` });
    } else if (c.data_type === "currency-code") {
      const codes = [...nationalCurrencyCodes()].map(stringLiteral).join(", ");
      out.rows.push({ id: r.id, description, column: name, failWhen: `${col} IS NOT NULL AND ${col} NOT IN (${codes})` });
    } else if (c.data_type === "stringified-json-object") {
      // JSONType is 'Null' for text that is not valid JSON.
      out.rows.push({ id: r.id, description, column: name, failWhen: `${col} IS NOT NULL AND NOT (JSONType(${col}) = 'Object')` });
    } else {
      // The conversion parses each value into the stored column's type; the rule checks that type.
      const pass = typeHolds(c.data_type, type);
      out.schema.push({ id: r.id, description, column: name, kind: "type", pass, detail: `ClickHouse type ${type}` });
    }
  }
  return out;
}
