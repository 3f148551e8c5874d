import type { Access } from "../access/resolve-access";
import type { AlertNumbers } from "../db/schema";
import type { Runtime } from "../runtime";
import type { HealthReport } from "../runtime/health";

/** Why rules are evaluated now: the 15-minute schedule, or a finished ingestion run. */
export type EvaluationTrigger =
  | { kind: "schedule" }
  | { kind: "run"; sourceId: string; runId: string; ok: boolean; error?: string };

/** One condition that holds now: at most one alert per (rule, key, period). */
export type Firing = { key: string; period: string; title: string; numbers: AlertNumbers; /** app path of the page to open */ page: string };

export type Evaluation = {
  firing: Firing[];
  /** Whether an unresolved alert not firing now was looked at by this evaluation (then it resolves). */
  clears(alert: { conditionKey: string; period: string }): boolean;
  /** The watched value now, firing or not (the rule form's preview). */
  current?: AlertNumbers;
};

export type EvaluationContext = {
  rt: Runtime;
  access: Access;
  trigger: EvaluationTrigger;
  now: Date;
  /** The services' health, probed once for all rules of one evaluation (absent: probed when asked). */
  health?: () => Promise<HealthReport>;
};

/** Nothing to say (the trigger does not concern the rule): nothing fires, nothing resolves. */
export const NOT_CONCERNED: Evaluation = { firing: [], clears: () => false };

export const money = (amount: string, currency: string) => `${amount} ${currency}`;
