import type { CheckNode, ModelRule, RequirementModel } from "./model";
import { loadRequirementModel } from "./model";

export type ModelPatch = { ruleId: string; reason: string; apply: (rule: ModelRule) => void };

const isNull = (col: string): CheckNode => ({ CheckFunction: "CheckValue", ColumnName: col, Value: null });
const notNull = (col: string): CheckNode => ({ CheckFunction: "CheckNotValue", ColumnName: col, Value: null });
const equals = (col: string, value: string): CheckNode => ({ CheckFunction: "CheckValue", ColumnName: col, Value: value });
const notEquals = (col: string, value: string): CheckNode => ({ CheckFunction: "CheckNotValue", ColumnName: col, Value: value });
const and = (...items: CheckNode[]): CheckNode => ({ CheckFunction: "AND", Items: items });
const oneOf = (col: string, values: string[]): CheckNode => ({ CheckFunction: "OR", Items: values.map((v) => equals(col, v)) });
/** Marks a rule as not checkable on one row: it stays in the report as skipped, with the reason. */
const notRowCheckable = (rule: ModelRule) => {
  rule.Type = "Dynamic";
};

/**
 * Defects of model-1.2.json (focus_validator 2.0.1) fixed before compiling; focus.md §3.4 plus the
 * ones found while compiling. Each entry names the rule and why the model is wrong.
 */
export const MODEL_12_PATCHES: ModelPatch[] = [
  {
    ruleId: "CommitmentDiscountStatus-C-005-M",
    reason: "the model allows Active/Expired/Pending; the 1.2 spec's allowed values are Used and Unused",
    apply: (r) => {
      r.ValidationCriteria.Requirement = oneOf("CommitmentDiscountStatus", ["Used", "Unused"]);
    },
  },
  {
    ruleId: "CommitmentDiscountStatus-C-003-C",
    reason: "'MUST be null when CommitmentDiscountId is null' is encoded as MUST NOT be null (requirement reversed)",
    apply: (r) => {
      r.ValidationCriteria.Requirement = isNull("CommitmentDiscountStatus");
    },
  },
  {
    ruleId: "CommitmentDiscountStatus-C-004-C",
    reason: "'MUST NOT be null when CommitmentDiscountId is not null and ChargeCategory is Usage' has the condition 'CommitmentDiscountId is null'",
    apply: (r) => {
      r.ValidationCriteria.Condition = and(notNull("CommitmentDiscountId"), equals("ChargeCategory", "Usage"));
    },
  },
  {
    ruleId: "ConsumedQuantity-C-006-C",
    reason: "'MUST NOT be null when ChargeClass is not Correction' has the condition 'ChargeClass is Correction' (inverted)",
    apply: (r) => {
      r.ValidationCriteria.Condition = notEquals("ChargeClass", "Correction");
    },
  },
  {
    ruleId: "PricingCurrencyEffectiveCost-C-004-M",
    reason: "'PricingCurrencyEffectiveCost MUST be a valid decimal' tests PricingCurrencyListUnitPrice >= 0 (wrong column and check)",
    apply: (r) => {
      r.ValidationCriteria.Requirement = { CheckFunction: "CheckDecimalValue", ColumnName: "PricingCurrencyEffectiveCost" };
    },
  },
  {
    ruleId: "EffectiveCost-C-005-C",
    reason:
      "the spec requires 0 only for purchases that cover future eligible charges; the model requires it on every Purchase, " +
      "including recurring subscriptions (FOCUS_Spec #2673). A commitment-discount purchase always covers future charges; " +
      "other prepaid purchases cannot be told apart on one row",
    apply: (r) => {
      r.ValidationCriteria.Condition = and(equals("ChargeCategory", "Purchase"), notNull("CommitmentDiscountId"));
    },
  },
  {
    ruleId: "ResourceId-C-006-C",
    reason: "the condition names its column with the key 'CheckCondition' instead of 'ColumnName' (fixed in model 1.2.0.1)",
    apply: (r) => {
      r.ValidationCriteria.Condition = notNull("ResourceId");
    },
  },
  {
    ruleId: "ResourceType-C-005-C",
    reason: "the condition names its column with the key 'CheckCondition' instead of 'ColumnName'",
    apply: (r) => {
      r.ValidationCriteria.Condition = notNull("ResourceId");
    },
  },
  {
    ruleId: "CapacityReservationStatus-C-003-C",
    reason: "the condition is a bare {AND: …} object without CheckFunction (focus_validator #142 drops it)",
    apply: (r) => {
      r.ValidationCriteria.Condition = isNull("CapacityReservationId");
    },
  },
  {
    ruleId: "CapacityReservationStatus-C-004-C",
    reason: "the condition is a bare {AND: […]} object without CheckFunction (focus_validator #142 drops it)",
    apply: (r) => {
      r.ValidationCriteria.Condition = and(notNull("CapacityReservationId"), equals("ChargeCategory", "Usage"));
    },
  },
  {
    ruleId: "CommitmentDiscountQuantity-C-010-C",
    reason: "'When ChargeCategory is Purchase' is encoded as 'ChargeCategory is null'",
    apply: (r) => {
      r.ValidationCriteria.Condition = equals("ChargeCategory", "Purchase");
    },
  },
  {
    ruleId: "Tags-C-003-C",
    reason: "'When Tags is not null' is encoded as 'Tags is null'",
    apply: (r) => {
      r.ValidationCriteria.Condition = notNull("Tags");
    },
  },
  {
    ruleId: "InvoiceId-C-004-C",
    reason: "'null when the charge has no invoice' has no condition: whether an invoice exists is not in the row",
    apply: notRowCheckable,
  },
  {
    ruleId: "InvoiceId-C-005-C",
    reason: "'not null when the charge has an invoice' has no condition: whether an invoice exists is not in the row",
    apply: notRowCheckable,
  },
  {
    ruleId: "BilledCost-C-005-C",
    reason:
      "the model approximates 'payment received by a third party' as ProviderName <> InvoiceIssuerName, which also holds " +
      "for every reseller/CSP/indirect-EA invoice where the partner issues the invoice and BilledCost is what is owed",
    apply: notRowCheckable,
  },
];

const patchedCache = new Map<string, RequirementModel>();

/** The requirement model with ABI's defect patches applied (a deep copy; the raw model is untouched). */
export function patchedRequirementModel(version: "1.2"): RequirementModel {
  const hit = patchedCache.get(version);
  if (hit) return hit;
  const model = structuredClone(loadRequirementModel(version));
  for (const patch of MODEL_12_PATCHES) {
    const rule = model.ModelRules[patch.ruleId];
    if (!rule) throw new Error(`FOCUS model patch targets unknown rule ${patch.ruleId}`);
    patch.apply(rule);
  }
  patchedCache.set(version, model);
  return model;
}
