import { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { ANOMALY_DIMENSIONS, anomaliesSchema, anomalyCause, anomalyInScope, causeSchema } from "~/domain/analytics/anomalies";
import { anomaliesWithStatus } from "~/domain/analytics/anomaly-status";
import { currencyCodeSchema, reportingCurrencySchema } from "~/domain/currency/convert";
import { audit } from "~/domain/access/audit";
import { anomalyFeedback } from "~/domain/db/schema";
import { createTRPCRouter } from "../trpc";
import { isoDaySchema } from "~/domain/analytics/filters";
import { multiLineText, singleLineText } from "~/domain/validation/plain-text";
import { analyticsProcedure } from "./analytics-procedure";
import { actorOf } from "./access-errors";

export const anomaliesRouter = createTRPCRouter({
  dimensions: analyticsProcedure.query(() => ANOMALY_DIMENSIONS),
  list: analyticsProcedure
    .input(anomaliesSchema.extend(reportingCurrencySchema.shape))
    .query(({ ctx, input }) => anomaliesWithStatus({ ...ctx.analytics, reportingCurrency: input.currency }, ctx.db, input)),
  /** `reportingCurrency`: the anomaly was listed in that currency (its `currency` is then the reporting one). */
  cause: analyticsProcedure
    .input(causeSchema.extend({ reportingCurrency: currencyCodeSchema.optional() }))
    .query(({ ctx, input }) => anomalyCause({ ...ctx.analytics, reportingCurrency: input.reportingCurrency }, input)),
  /**
   * An analyst's verdict on an anomaly they can see (checked in their billing scope before the
   * write); the verdict is shared with everyone who sees the anomaly and audited with old and new status.
   */
  setStatus: analyticsProcedure
    .input(
      z.object({
        dimension: singleLineText(300),
        value: singleLineText(1000),
        day: isoDaySchema,
        currency: z.string().max(10),
        status: z.enum(["dismissed", "expected", "open"]),
        note: multiLineText(1000).default(""),
        /** The anomaly was listed in this reporting currency (`currency` is then that one); the verdict is kept per shown currency. */
        reportingCurrency: currencyCodeSchema.optional(),
      }),
    )
    .mutation(async ({ ctx, input: { reportingCurrency, ...input } }) => {
      if (ctx.access.role === "viewer") throw new TRPCError({ code: "FORBIDDEN", message: "This needs the analyst or admin role" });
      if (!(await anomalyInScope({ ...ctx.analytics, reportingCurrency }, input))) {
        throw new TRPCError({ code: "NOT_FOUND", message: "No such anomaly in the billing data you can see" });
      }
      const where = and(
        eq(anomalyFeedback.dimension, input.dimension),
        eq(anomalyFeedback.value, input.value),
        eq(anomalyFeedback.day, input.day),
        eq(anomalyFeedback.currency, input.currency),
      );
      const [before] = await ctx.db.select({ status: anomalyFeedback.status, note: anomalyFeedback.note }).from(anomalyFeedback).where(where);
      if (input.status === "open") {
        await ctx.db.delete(anomalyFeedback).where(where);
      } else {
        await ctx.db
          .insert(anomalyFeedback)
          .values({ ...input, status: input.status, userId: ctx.session.user.id })
          .onConflictDoUpdate({
            target: [anomalyFeedback.dimension, anomalyFeedback.value, anomalyFeedback.day, anomalyFeedback.currency],
            set: { status: input.status, note: input.note, userId: ctx.session.user.id },
          });
      }
      await audit(ctx.db, actorOf(ctx), "anomaly.set_status", `${input.dimension}=${input.value} ${input.day} ${input.currency}`, {
        from: before?.status ?? "open",
        to: input.status,
        note: input.note,
      });
      return { status: input.status };
    }),
});
