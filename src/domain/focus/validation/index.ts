export { rowRuleSet, compileRuleSet, failedRulesExpression, SHORT_CIRCUIT } from "./rule-set";
export type { RowRule, SkippedRule, SchemaRuleResult, TableColumn, FocusValidationVersion } from "./rule-set";
export { runAggregateChecks } from "./aggregate-checks";
export type { AggregateCheckResult } from "./aggregate-checks";
export { validateTable } from "./validate-table";
export type { RuleResult, ValidationReport } from "./validate-table";
export { MODEL_12_PATCHES } from "./model-patches";
export { tableColumns } from "./table-columns";
