/** The row, schema and skipped rules that judge an input file's rows: those of the file's own FOCUS version. */
import { compileRuleSet, type CompiledRuleSet, type TableColumn } from "../validation/rule-set";
import { compileFocus10 } from "./model-1.0";
import { notIn11 } from "./model-1.1";
import type { InputFocusVersion } from "./detect";

/**
 * 1.0: focus-validator 1.0.0's rule set; 1.1: the 1.2 model without the rules 1.1 does not have;
 * 1.2 and 1.3 (and every Azure conversion): the 1.2 model, as before.
 */
export function rulesForVersion(columns: readonly TableColumn[], version: InputFocusVersion, inputColumns: ReadonlySet<string>): CompiledRuleSet {
  if (version === "1.0") return compileFocus10(columns, inputColumns);
  if (version === "1.1") return compileRuleSet(columns, "1.2", notIn11);
  return compileRuleSet(columns, "1.2");
}
