/**
 * Anomalies with the verdict analysts gave them (open / dismissed / expected), shared by the
 * anomalies page and dashboard widgets so both show the same list for the same viewer.
 */
import { and, eq, inArray } from "drizzle-orm";
import { anomalyFeedback, users } from "../db/schema";
import type { Db } from "../runtime/postgres";
import { anomaliesSchema, detectAnomalies, type AnomaliesInput, type Anomaly } from "./anomalies";
import type { AnalyticsContext } from "./run";

export type AnomalyWithStatus = Anomaly & { status: "open" | "dismissed" | "expected"; note: string; setBy: string | null };

export async function anomaliesWithStatus(ctx: AnalyticsContext, db: Db, raw: AnomaliesInput): Promise<{ source: "rollup" | "raw"; anomalies: AnomalyWithStatus[] }> {
  const input = anomaliesSchema.parse(raw);
  const found = await detectAnomalies(ctx, input);
  const values = [...new Set(found.anomalies.map((a) => a.value))];
  const feedback = values.length
    ? await db
        .select({ value: anomalyFeedback.value, day: anomalyFeedback.day, currency: anomalyFeedback.currency, status: anomalyFeedback.status, note: anomalyFeedback.note, setBy: users.email })
        .from(anomalyFeedback)
        .leftJoin(users, eq(users.id, anomalyFeedback.userId))
        .where(and(eq(anomalyFeedback.dimension, input.dimension), inArray(anomalyFeedback.value, values)))
    : [];
  const key = (x: { value: string; day: string; currency: string }) => `${x.value}\u0000${x.day}\u0000${x.currency}`;
  const byKey = new Map(feedback.map((f) => [key(f), f]));
  return {
    source: found.source,
    anomalies: found.anomalies.map((a) => {
      const f = byKey.get(key(a));
      return { ...a, status: (f?.status ?? "open") as AnomalyWithStatus["status"], note: f?.note ?? "", setBy: f?.setBy ?? null };
    }),
  };
}
