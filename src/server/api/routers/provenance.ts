import { provenance, provenanceSchema } from "~/domain/analytics/provenance";
import { createTRPCRouter } from "../trpc";
import { analyticsProcedure } from "./analytics-procedure";

export const provenanceRouter = createTRPCRouter({
  /** The (source, month) runs and files behind a dashboard number, within the caller's billing scope. */
  explain: analyticsProcedure.input(provenanceSchema).query(({ ctx, input }) => provenance(ctx.analytics, ctx.db, input)),
});
