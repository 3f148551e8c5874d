import { provenance, provenanceSchema } from "~/domain/analytics/provenance";
import { workflowIdsOfRuns } from "~/domain/ingestion/workflow-of-run";
import { createTRPCRouter } from "../trpc";
import { analyticsProcedure } from "./analytics-procedure";

export const provenanceRouter = createTRPCRouter({
  /** The (source, month) runs and files behind a dashboard number, within the caller's billing scope. */
  explain: analyticsProcedure.input(provenanceSchema).query(async ({ ctx, input }) => {
    const p = await provenance(ctx.analytics, ctx.db, input);
    // Links to Temporal runs need their workflow id; without Temporal the runs are still listed, unlinked.
    const temporal = p.runs.filter((r) => !r.origin).map((r) => r.runId);
    const workflowIds = await workflowIdsOfRuns(ctx.rt, temporal).catch(() => new Map<string, string>());
    return { ...p, runs: p.runs.map((r) => ({ ...r, workflowId: r.origin ?? workflowIds.get(r.runId) ?? null })) };
  }),
});
