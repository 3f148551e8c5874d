import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { singleLineText } from "~/domain/validation/plain-text";
import { WorkbenchRefusal } from "~/domain/workbench/errors";
import { MAX_SQL_LENGTH } from "~/domain/workbench/guard";
import { runWorkbenchQuery } from "~/domain/workbench/run";
import { describeViews } from "~/domain/workbench/views";
import { DatasetNotFound, deleteDataset, listDatasets, runDataset, saveDataset } from "~/domain/workbench/datasets";
import { auditOrigin } from "~/server/audit-origin";
import { analystProcedure, createTRPCRouter } from "../trpc";

/** Refusals (guard, limits, engine errors about the user's SQL) become a 400 with their one line. */
const workbenchProcedure = analystProcedure.use(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof WorkbenchRefusal) throw new TRPCError({ code: "BAD_REQUEST", message: cause.message, cause });
    if (cause instanceof DatasetNotFound) throw new TRPCError({ code: "NOT_FOUND", message: cause.message, cause });
  }
  return result;
});

const sqlInput = z.string().max(MAX_SQL_LENGTH, `The query is longer than ${MAX_SQL_LENGTH} characters`);

export const workbenchRouter = createTRPCRouter({
  /** The views the workbench may read, with their columns (docs and autocomplete). */
  views: workbenchProcedure.query(({ ctx }) => describeViews(ctx.ch)),
  run: workbenchProcedure.input(z.object({ sql: sqlInput })).mutation(({ ctx, input }) => runWorkbenchQuery(ctx.ch, ctx.access.scope, input.sql)),
  listDatasets: workbenchProcedure.query(async ({ ctx }) =>
    (await listDatasets(ctx.db, ctx.session.user.id)).map((d) => ({ ...d, mine: d.ownerId === ctx.session.user.id })),
  ),
  /** A dataset's definition and its rows, re-run with the caller's scope. */
  openDataset: workbenchProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => runDataset(ctx.db, ctx.ch, { id: ctx.session.user.id, scope: ctx.access.scope }, input.id)),
  saveDataset: workbenchProcedure
    .input(z.object({ name: singleLineText(120).pipe(z.string().trim().min(1, "Give the dataset a name")), sql: sqlInput, shared: z.boolean().default(false) }))
    .mutation(({ ctx, input }) =>
      saveDataset(ctx.db, ctx.ch, {
        owner: { id: ctx.session.user.id, role: ctx.access.role },
        scope: ctx.access.scope,
        name: input.name,
        sql: input.sql,
        shared: input.shared,
        origin: auditOrigin(ctx),
      }),
    ),
  deleteDataset: workbenchProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteDataset(ctx.db, { id: ctx.session.user.id, role: ctx.access.role }, input.id, auditOrigin(ctx))),
});
