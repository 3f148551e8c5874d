import { z } from "zod";
import { rangeSchema } from "~/domain/analytics/filters";
import { quarantinedCost, quarantinedRows } from "~/domain/analytics/quarantine";
import { createTRPCRouter } from "../trpc";
import { analyticsProcedure } from "./analytics-procedure";

/** Quarantined cost and rows in a range, within the caller's billing scope (the dashboards' note and /quarantine). */
export const quarantineRouter = createTRPCRouter({
  cost: analyticsProcedure.input(rangeSchema).query(({ ctx, input }) => quarantinedCost(ctx.analytics, input)),
  rows: analyticsProcedure
    .input(rangeSchema.extend({ limit: z.number().int().min(1).max(1000).default(200) }))
    .query(({ ctx, input }) => quarantinedRows(ctx.analytics, input, input.limit)),
});
