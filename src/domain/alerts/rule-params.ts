/**
 * What each kind of alert rule checks, as zod schemas: the API parses a rule once with
 * `ruleInputSchema`; the evaluators read typed params (`parseRuleParams`).
 */
import { z } from "zod";
import { singleLineText } from "../validation/plain-text";
import type { AlertRuleKind } from "../db/schema";
import { SERVICE_NAMES } from "../runtime/probes/types";

const amount = z.string().regex(/^\d{1,20}(\.\d{1,10})?$/, "the amount is a positive number with at most 10 decimals");

export const ruleParamsSchemas = {
  /** Budget used (actual) or forecast to the period end, in % of the budget's amount. */
  budget: z.object({ budgetId: z.uuid(), basis: z.enum(["actual", "forecast"]).default("actual"), thresholdPct: z.number().min(1).max(1000).default(100) }),
  /** Any anomaly of at least this severity on the dimension in the last `days` days with data. */
  anomaly: z.object({
    dimension: z.string().max(300).default("ServiceName"),
    minSeverity: z.enum(["low", "medium", "high"]).default("high"),
    days: z.number().int().min(1).max(60).default(7),
    minDelta: z.number().min(0).default(10),
  }),
  /** An ingestion run of the source (any source when empty) failed. */
  run_failed: z.object({ sourceId: z.uuid().optional() }),
  /** No successful run `hours` after a scheduled source's daily schedule time. */
  data_late: z.object({ sourceId: z.uuid().optional(), hours: z.number().int().min(1).max(24 * 14).default(6) }),
  /** A run restated billed cost of earlier runs by more than this amount (absolute, any currency). */
  restatement: z.object({ sourceId: z.uuid().optional(), amount: amount.default("0") }),
  /** A run's validation found more than this many violations (failed rules, summed). */
  validation_failures: z.object({ sourceId: z.uuid().optional(), count: z.number().int().min(0).default(0) }),
  /** A service of the health report (clickhouse, postgres, temporal, …; any when empty) is down. */
  // the names of the infrastructure cards (checkHealth); absent: any service
  service_unhealthy: z.object({ service: z.enum(SERVICE_NAMES, { error: `must be one of ${SERVICE_NAMES.join(", ")}` }).optional() }),
} satisfies Record<AlertRuleKind, z.ZodType>;

export type RuleParams<K extends AlertRuleKind> = z.infer<(typeof ruleParamsSchemas)[K]>;

/** Kinds about ingestion and the platform: they see every source, so the owner needs all-data access. */
export const PLATFORM_KINDS: readonly AlertRuleKind[] = ["run_failed", "data_late", "restatement", "validation_failures", "service_unhealthy"];

const common = {
  name: singleLineText(120).pipe(z.string().trim().min(1, "Give the rule a name")),
  shared: z.boolean().default(false),
  channelIds: z.array(z.uuid()).max(20).default([]),
  enabled: z.boolean().default(true),
};

export const ruleInputSchema = z.discriminatedUnion("kind", [
  z.object({ ...common, kind: z.literal("budget"), params: ruleParamsSchemas.budget }),
  z.object({ ...common, kind: z.literal("anomaly"), params: ruleParamsSchemas.anomaly }),
  z.object({ ...common, kind: z.literal("run_failed"), params: ruleParamsSchemas.run_failed }),
  z.object({ ...common, kind: z.literal("data_late"), params: ruleParamsSchemas.data_late }),
  z.object({ ...common, kind: z.literal("restatement"), params: ruleParamsSchemas.restatement }),
  z.object({ ...common, kind: z.literal("validation_failures"), params: ruleParamsSchemas.validation_failures }),
  z.object({ ...common, kind: z.literal("service_unhealthy"), params: ruleParamsSchemas.service_unhealthy }),
]);
export type RuleInput = z.infer<typeof ruleInputSchema>;

export function parseRuleParams<K extends AlertRuleKind>(kind: K, params: unknown): RuleParams<K> {
  return ruleParamsSchemas[kind].parse(params) as RuleParams<K>;
}
