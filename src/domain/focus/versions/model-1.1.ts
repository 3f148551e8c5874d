/**
 * FOCUS 1.1 rules = the 1.2 model minus what 1.1 does not have, as data in
 * clickhouse/focus-spec/model-1.1.json (reasons from the FOCUS_Spec v1.1/v1.2 text; docs/focus-versions.md).
 */
import fs from "node:fs";
import path from "node:path";
import { focusSpecDir, type ModelRule } from "../validation/model";

type Mapping11 = { ColumnsNotIn11: Record<string, string>; RulesNotIn11: Record<string, string> };

let cached: Mapping11 | undefined;

export function loadFocus11Mapping(): Mapping11 {
  cached ??= JSON.parse(fs.readFileSync(path.join(focusSpecDir(), "model-1.1.json"), "utf8")) as Mapping11;
  return cached;
}

/** Why a 1.2 model rule is not a FOCUS 1.1 requirement, or undefined when it is one. */
export function notIn11(id: string, rule: ModelRule): string | undefined {
  const m = loadFocus11Mapping();
  const column = m.ColumnsNotIn11[rule.Reference];
  if (column) return `not a FOCUS 1.1 requirement: ${rule.Reference} was ${column}`;
  const own = m.RulesNotIn11[id];
  return own ? `not a FOCUS 1.1 requirement: ${own}` : undefined;
}
