import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "~/domain/runtime/project-root";

/** One node of a rule's Requirement or Condition tree in the FOCUS requirement model. */
export type CheckNode = {
  CheckFunction?: string;
  ColumnName?: string;
  ColumnAName?: string;
  ColumnBName?: string;
  ResultColumnName?: string;
  Value?: string | number | boolean | null;
  ExpectedCount?: number;
  ModelRuleId?: string;
  Items?: CheckNode[];
  [key: string]: unknown;
};

export type ModelRule = {
  Function: "Composite" | "Presence" | "Type" | "Format" | "Nullability" | "Validation";
  Reference: string;
  EntityType: "Dataset" | "Column" | "Attribute";
  Status: string;
  ApplicabilityCriteria: string[];
  Type: "Static" | "Dynamic";
  ValidationCriteria: {
    MustSatisfy: string;
    Keyword: string;
    Requirement: CheckNode;
    Condition: CheckNode;
    Dependencies: string[];
  };
};

export type RequirementModel = {
  Details: { ModelVersion: string; FOCUSVersion: string };
  ApplicabilityCriteria: Record<string, { Description: string }>;
  ModelDatasets: Record<string, { ModelRules: string[] }>;
  ModelRules: Record<string, ModelRule>;
};

/** Folder of the model data files (copied from the validator, MIT). */
export function focusSpecDir(): string {
  return path.join(projectRoot(), "clickhouse", "focus-spec");
}

const cache = new Map<string, RequirementModel>();

/** The raw (unpatched) requirement model of a FOCUS version, parsed once per process. */
export function loadRequirementModel(version: "1.2"): RequirementModel {
  const hit = cache.get(version);
  if (hit) return hit;
  const file = path.join(focusSpecDir(), `model-${version}.json`);
  const model = JSON.parse(fs.readFileSync(file, "utf8")) as RequirementModel;
  cache.set(version, model);
  return model;
}

let currencies: ReadonlySet<string> | undefined;

/** ISO 4217 national currency codes (the validator's currency_codes.csv). */
export function nationalCurrencyCodes(): ReadonlySet<string> {
  if (currencies) return currencies;
  const lines = fs.readFileSync(path.join(focusSpecDir(), "currency_codes.csv"), "utf8").split(/\r?\n/).slice(1);
  currencies = new Set(lines.map((l) => l.split(",")[1]?.trim() ?? "").filter((c) => /^[A-Z]{3}$/.test(c)));
  return currencies;
}
