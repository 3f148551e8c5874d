import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { ANOMALY_DIMENSIONS, anomaliesSchema, anomalyCause, causeSchema, detectAnomalies } from "~/domain/analytics/anomalies";
import { anomalyFeedback } from "~/domain/db/schema";
import { isoDaySchema } from "~/domain/analytics/filters";
import { multiLineText, singleLineText } from "~/domain/validation/plain-text";
import { analystProcedure, createTRPCRouter } from "../trpc";
import { analyticsProcedure } from "./analytics-procedure";

export const anomaliesRouter = createTRPCRouter({
  dimensions: analyticsProcedure.query(() => ANOMALY_DIMENSIONS),
  list: analyticsProcedure.input(anomaliesSchema).query(async ({ ctx, input }) => {
    const found = await detectAnomalies(ctx.analytics, input);
    const values = [...new Set(found.anomalies.map((a) => a.value))];
    const feedback = values.length
      ? await ctx.db.select().from(anomalyFeedback).where(and(eq(anomalyFeedback.dimension, input.dimension ?? "ServiceName"), inArray(anomalyFeedback.value, values)))
      : [];
    const key = (x: { value: string; day: string; currency: string }) => `${x.value}\u0000${x.day}\u0000${x.currency}`;
    const byKey = new Map(feedback.map((f) => [key(f), f]));
    return {
      source: found.source,
      anomalies: found.anomalies.map((a) => {
        const f = byKey.get(key(a));
        return { ...a, status: f?.status ?? ("open" as const), note: f?.note ?? "" };
      }),
    };
  }),
  cause: analyticsProcedure.input(causeSchema).query(({ ctx, input }) => anomalyCause(ctx.analytics, input)),
  setStatus: analystProcedure
    .input(
      z.object({
        dimension: singleLineText(300),
        value: singleLineText(1000),
        day: isoDaySchema,
        currency: z.string().max(10),
        status: z.enum(["dismissed", "expected", "open"]),
        note: multiLineText(1000).default(""),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const where = and(
        eq(anomalyFeedback.dimension, input.dimension),
        eq(anomalyFeedback.value, input.value),
        eq(anomalyFeedback.day, input.day),
        eq(anomalyFeedback.currency, input.currency),
      );
      if (input.status === "open") {
        await ctx.db.delete(anomalyFeedback).where(where);
        return { status: "open" as const };
      }
      await ctx.db
        .insert(anomalyFeedback)
        .values({ ...input, status: input.status, userId: ctx.session.user.id })
        .onConflictDoUpdate({
          target: [anomalyFeedback.dimension, anomalyFeedback.value, anomalyFeedback.day, anomalyFeedback.currency],
          set: { status: input.status, note: input.note, userId: ctx.session.user.id },
        });
      return { status: input.status };
    }),
});
