import { overview } from "~/domain/analytics/overview";
import { createTRPCRouter } from "../trpc";
import { analyticsProcedure } from "./analytics-procedure";

export const overviewRouter = createTRPCRouter({
  get: analyticsProcedure.query(({ ctx }) => overview(ctx.analytics)),
});
