import { TRPCError } from "@trpc/server";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { budgetInputSchema, budgetStatus } from "~/domain/analytics/budgets";
import { parseDimension } from "~/domain/analytics/dimensions";
import { budgets } from "~/domain/db/schema";
import { analystProcedure, createTRPCRouter } from "../trpc";
import { analyticsProcedure } from "./analytics-procedure";

type BudgetRow = typeof budgets.$inferSelect;
const toDef = (b: BudgetRow) => ({ ...b, amount: String(b.amount) });

/** Refuse unknown columns before they are stored, with the same message the explorer gives. */
const checked = budgetInputSchema.superRefine((b, ctx) => {
  for (const f of b.filters) {
    try {
      parseDimension(f.dim);
    } catch (e) {
      ctx.addIssue({ code: "custom", path: ["filters"], message: (e as Error).message });
    }
  }
});

export const budgetsRouter = createTRPCRouter({
  list: analyticsProcedure.query(async ({ ctx }) => {
    const rows = await ctx.db.select().from(budgets).orderBy(asc(budgets.name));
    return Promise.all(rows.map(async (b) => ({ budget: toDef(b), status: await budgetStatus(ctx.analytics, toDef(b)) })));
  }),
  create: analystProcedure.input(checked).mutation(async ({ ctx, input }) => {
    const [dup] = await ctx.db.select({ id: budgets.id }).from(budgets).where(eq(budgets.name, input.name));
    if (dup) throw new TRPCError({ code: "CONFLICT", message: `A budget named "${input.name}" already exists` });
    const [row] = await ctx.db.insert(budgets).values({ ...input, createdBy: ctx.session.user.id }).returning();
    return row;
  }),
  update: analystProcedure.input(checked.and(z.object({ id: z.uuid() }))).mutation(async ({ ctx, input }) => {
    const { id, ...rest } = input;
    const rows = await ctx.db.update(budgets).set(rest).where(eq(budgets.id, id)).returning();
    if (rows.length === 0) throw new TRPCError({ code: "NOT_FOUND", message: "That budget no longer exists" });
    return rows[0];
  }),
  remove: analystProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    const rows = await ctx.db.delete(budgets).where(eq(budgets.id, input.id)).returning();
    if (rows.length === 0) throw new TRPCError({ code: "NOT_FOUND", message: "That budget no longer exists" });
    return { id: input.id };
  }),
});
