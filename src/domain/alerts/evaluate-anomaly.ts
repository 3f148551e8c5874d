import { detectAnomalies, type Severity } from "../analytics/anomalies";
import { addDays } from "../analytics/filters";
import { dataDays } from "../analytics/latest-day";
import type { RuleParams } from "./rule-params";
import { money, NOT_CONCERNED, type Evaluation, type EvaluationContext } from "./evaluation-types";

const RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3 };

/** Anomalies of at least the rule's severity in the last `days` days with data, in the owner's scope; one alert per value and day. */
export async function evaluateAnomaly(ctx: EvaluationContext, p: RuleParams<"anomaly">): Promise<Evaluation> {
  const analytics = { ch: ctx.rt.ch, scope: ctx.access.scope };
  const days = await dataDays(analytics);
  if (!days) return NOT_CONCERNED;
  const from = [addDays(days.last, -(p.days - 1)), days.first].sort().at(-1) as string;
  const { anomalies } = await detectAnomalies(analytics, { from, to: days.last, dimension: p.dimension, minDelta: p.minDelta });
  const firing = anomalies
    .filter((a) => RANK[a.severity] >= RANK[p.minSeverity])
    .map((a) => ({
      key: `${p.dimension}=${a.value}|${a.currency}`,
      period: a.day,
      title: `Cost anomaly (${a.severity}): ${a.value} on ${a.day}`,
      numbers: [
        { label: "Actual", value: money(a.actual, a.currency) },
        { label: "Expected", value: money(a.expected.toFixed(2), a.currency) },
        { label: "Change", value: money(a.delta.toFixed(2), a.currency) },
        { label: "Severity", value: a.severity },
        { label: "Dimension", value: `${p.dimension} = ${a.value}` },
      ],
      page: `/anomalies?dimension=${encodeURIComponent(p.dimension)}`,
    }));
  // Only days this evaluation looked at resolve (an anomaly that aged out of the window was not re-checked).
  return { firing, clears: (a) => a.period >= from };
}
