import type { CheckNode, ModelRule, RequirementModel } from "./model";

/** A rule of the model, placed in its tree: the conditions of every composite above it are inherited. */
export type PlacedRule = {
  id: string;
  rule: ModelRule;
  /** Alternatives (one per path from the dataset root); each is a list of conditions that all apply. */
  inherited: CheckNode[][];
  /** Applicability criteria of the rule and of its ancestors. */
  criteria: string[];
};

export type RuleKind = "row" | "presence" | "type" | "aggregate" | "dynamic" | "composite";

const MANDATORY = new Set(["MUST", "MUST NOT"]);

/** Whether the rule is a MUST / MUST NOT requirement (SHOULD, MAY and RECOMMENDED are not enforced). */
export const isMandatory = (r: ModelRule) => MANDATORY.has(r.ValidationCriteria.Keyword);

export function ruleKind(r: ModelRule): RuleKind {
  if (r.Function === "Composite") return "composite";
  if (r.Type === "Dynamic") return "dynamic";
  if (r.Function === "Presence") return "presence";
  if (r.Function === "Type") return "type";
  if (r.ValidationCriteria.Requirement.CheckFunction === "CheckDistinctCount") return "aggregate";
  return "row";
}

const isEmpty = (n: CheckNode | undefined) => !n || Object.keys(n).length === 0;

/**
 * Walks the model from each dataset's root rule, so every rule carries the conditions of the
 * composites it sits under ("When X is not null, …"). A rule reached on several paths applies when
 * any path applies. OR composites are kept whole: their children are alternatives, not requirements.
 */
export function placeRules(model: RequirementModel): PlacedRule[] {
  const placed = new Map<string, PlacedRule>();
  const visit = (id: string, conds: CheckNode[], criteria: string[], stack: Set<string>) => {
    const rule = model.ModelRules[id];
    if (!rule || stack.has(id)) return;
    const vc = rule.ValidationCriteria;
    const allCriteria = [...new Set([...criteria, ...rule.ApplicabilityCriteria])];
    const entry = placed.get(id) ?? { id, rule, inherited: [], criteria: allCriteria };
    entry.inherited.push(conds);
    placed.set(id, entry);
    if (rule.Function !== "Composite" || vc.Requirement.CheckFunction !== "AND") return;
    const childConds = isEmpty(vc.Condition) ? conds : [...conds, vc.Condition];
    const next = new Set(stack).add(id);
    for (const item of vc.Requirement.Items ?? []) {
      if (item.CheckFunction === "CheckModelRule" && item.ModelRuleId) visit(item.ModelRuleId, childConds, allCriteria, next);
    }
  };
  for (const ds of Object.values(model.ModelDatasets)) for (const root of ds.ModelRules) visit(root, [], [], new Set());
  // Rules no dataset reaches (none in 1.2) still get checked, without inherited conditions.
  for (const [id, rule] of Object.entries(model.ModelRules)) {
    if (!placed.has(id)) placed.set(id, { id, rule, inherited: [[]], criteria: rule.ApplicabilityCriteria });
  }
  return [...placed.values()];
}

/** The full applicability condition of a placed rule: (any path's inherited conditions) AND its own. */
export function applicability(p: PlacedRule): CheckNode {
  const own = p.rule.ValidationCriteria.Condition;
  const paths: CheckNode[] = p.inherited.map((conds) => {
    const all = isEmpty(own) ? conds : [...conds, own];
    return { CheckFunction: "AND", Items: all };
  });
  return paths.length === 1 ? paths[0]! : { CheckFunction: "OR", Items: paths };
}
