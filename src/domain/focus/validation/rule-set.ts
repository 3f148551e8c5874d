import { ABI_ROW_RULES } from "./abi-rules";
import { compileCheck, MissingColumnError, NotRowLevelError, type TableColumns } from "./check-compiler";
import type { ModelRule } from "./model";
import { patchedRequirementModel } from "./model-patches";
import { applicability, isMandatory, placeRules, ruleKind } from "./rule-compiler";
import { isDateTimeType, isDecimalType, isFloatType, isStringType, stringLiteral } from "./sql";

export type FocusValidationVersion = "1.2" | "1.3";
export type TableColumn = { name: string; type: string };

export type RowRule = { id: string; description: string; column?: string; failWhen: string };
export type SchemaRuleResult = { id: string; description: string; column: string; kind: "presence" | "type"; pass: boolean; detail: string };
export type SkippedRule = { id: string; description: string; column?: string; reason: string };
/** A model rule that counts distinct values per group (CheckDistinctCount); run by the aggregate checks. */
export type DistinctCountRule = {
  id: string;
  description: string;
  groupColumn: string;
  valueColumn: string;
  expectedCount: number;
  appliesWhen: string;
};

export type CompiledRuleSet = {
  rows: RowRule[];
  schema: SchemaRuleResult[];
  distinctCounts: DistinctCountRule[];
  skipped: SkippedRule[];
};

function typeMatches(fn: string | undefined, type: string): boolean {
  if (fn === "TypeString") return isStringType(type);
  if (fn === "TypeDecimal") return isDecimalType(type) || isFloatType(type);
  if (fn === "TypeDateTime") return isDateTimeType(type);
  return false;
}

/** "Applies and does not hold", with the trivial cases folded so the per-row expression stays small. */
function failWhen(cond: string, holds: string): string {
  if (holds === "1") return "0";
  return cond === "1" ? `NOT (${holds})` : `(${cond}) AND NOT (${holds})`;
}

/** A model rule that does not apply to the input's FOCUS version: the reason, or undefined when it applies. */
export type NotApplicable = (id: string, rule: ModelRule) => string | undefined;

/**
 * Compiles every MUST / MUST NOT rule of the (patched) FOCUS model against the given table columns.
 * `notApplicable` leaves out (as skipped, with its reason) the rules an older input version does not have.
 */
export function compileRuleSet(columns: readonly TableColumn[], focusVersion: FocusValidationVersion, notApplicable?: NotApplicable): CompiledRuleSet {
  const cols: TableColumns = new Map(columns.map((c) => [c.name, c.type]));
  const out: CompiledRuleSet = { rows: [], schema: [], distinctCounts: [], skipped: [] };
  // FOCUS 1.3 keeps every 1.2 column and requirement of the Cost and Usage dataset; its own model is
  // not bundled, so 1.3 = the 1.2 model plus ABI's 1.3 rules.
  const model = patchedRequirementModel("1.2");
  for (const p of placeRules(model)) {
    const r = p.rule;
    const kind = ruleKind(r);
    if (kind === "composite" || !isMandatory(r)) continue;
    const description = r.ValidationCriteria.MustSatisfy;
    const column = r.EntityType === "Column" ? r.Reference : undefined;
    const notHere = notApplicable?.(p.id, r);
    if (notHere) {
      out.skipped.push({ id: p.id, description, column, reason: notHere });
      continue;
    }
    const req = r.ValidationCriteria.Requirement;
    if (kind === "dynamic") {
      out.skipped.push({ id: p.id, description, column, reason: "not checkable on rows (Dynamic rule of the model)" });
      continue;
    }
    if (kind === "presence" || kind === "type") {
      const name = String(req.ColumnName);
      const type = cols.get(name);
      const pass = type !== undefined && (kind === "presence" || typeMatches(req.CheckFunction, type));
      if (kind === "type" && type === undefined) {
        out.skipped.push({ id: p.id, description, column: name, reason: `skipped (column absent: ${name})` });
        continue;
      }
      const detail = type === undefined ? "column absent" : `ClickHouse type ${type}`;
      out.schema.push({ id: p.id, description, column: name, kind, pass, detail });
      continue;
    }
    try {
      const cond = compileCheck(applicability(p), cols, "condition");
      if (kind === "aggregate") {
        out.distinctCounts.push({
          id: p.id,
          description,
          groupColumn: String(req.ColumnAName),
          valueColumn: String(req.ColumnBName),
          expectedCount: Number(req.ExpectedCount ?? 1),
          appliesWhen: cond,
        });
        for (const c of [req.ColumnAName, req.ColumnBName]) if (!cols.has(String(c))) throw new MissingColumnError(String(c));
        continue;
      }
      out.rows.push({ id: p.id, description, column, failWhen: failWhen(cond, compileCheck(req, cols)) });
    } catch (e) {
      if (e instanceof MissingColumnError) {
        out.distinctCounts = out.distinctCounts.filter((d) => d.id !== p.id);
        out.skipped.push({ id: p.id, description, column, reason: `skipped (column absent: ${e.column})` });
      } else if (e instanceof NotRowLevelError) {
        out.skipped.push({ id: p.id, description, column, reason: `not compiled: ${e.message}` });
      } else throw e;
    }
  }
  for (const rule of ABI_ROW_RULES) {
    if (!rule.versions.includes(focusVersion)) continue;
    try {
      out.rows.push({ id: rule.id, description: rule.description, column: rule.column, failWhen: rule.failWhen(cols) });
    } catch (e) {
      if (!(e instanceof MissingColumnError)) throw e;
      out.skipped.push({ id: rule.id, description: rule.description, column: rule.column, reason: `skipped (column absent: ${e.column})` });
    }
  }
  return out;
}

/**
 * SQL expression of type Array(String): the IDs of the row rules the current row breaks. The ID array
 * is built only for rows that break a rule (with short-circuit evaluation, see SHORT_CIRCUIT): building
 * a ~200-element array for every row and filtering it cost about as much as all the checks together.
 */
export function failedRulesExpression(rules: readonly Pick<RowRule, "id" | "failWhen">[]): string {
  const live = rules.filter((r) => r.failWhen !== "0");
  if (live.length === 0) return "CAST([], 'Array(String)')";
  const anyFails = live.map((r) => `(${r.failWhen})`).join("\n  OR ");
  const items = live.map((r) => `if(${r.failWhen}, ${stringLiteral(r.id)}, '')`);
  return `if(${anyFails},
  arrayDistinct(arrayFilter(x -> x != '', CAST([${items.join(",\n  ")}], 'Array(String)'))),
  CAST([], 'Array(String)'))`;
}

/** Lets `if` evaluate the ID array of failedRulesExpression only for the rows that need it. */
export const SHORT_CIRCUIT = "short_circuit_function_evaluation = 'force_enable'";

/** Public API: the row-level MUST rules for a table with these columns, and the failed-rules expression. */
export function rowRuleSet(opts: { columns: readonly TableColumn[]; focusVersion: FocusValidationVersion }) {
  const compiled = compileRuleSet(opts.columns, opts.focusVersion);
  return {
    rules: compiled.rows,
    failedRulesExpr: failedRulesExpression(compiled.rows),
    skipped: compiled.skipped,
    schema: compiled.schema,
  };
}

