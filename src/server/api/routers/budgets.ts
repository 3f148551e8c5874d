import { TRPCError } from "@trpc/server";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { budgetInputSchema, budgetStatus } from "~/domain/analytics/budgets";
import { parseDimension } from "~/domain/analytics/dimensions";
import { reportingCurrencySchema } from "~/domain/currency/convert";
import { audit } from "~/domain/access/audit";
import { publishBudgetEvent } from "~/domain/events";
import { hasAllData, type Access } from "~/domain/access/resolve-access";
import { budgets, users } from "~/domain/db/schema";
import type { Db } from "~/domain/runtime/postgres";
import { analystProcedure, createTRPCRouter } from "../trpc";
import { analyticsProcedure } from "./analytics-procedure";

type BudgetRow = typeof budgets.$inferSelect;
const toDef = (b: BudgetRow) => ({ ...b, amount: String(b.amount) });
const actorOf = (ctx: { session: { user: { id: string; email: string } } }) => ({ id: ctx.session.user.id, email: ctx.session.user.email });
/** What the audit log keeps of a budget (its definition, not its status). */
const auditable = (b: BudgetRow) => ({ amount: String(b.amount), currency: b.currency, period: b.period, metric: b.metric, filters: b.filters, thresholds: b.thresholds });

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

/**
 * Ownership (docs/access.md): the creator owns a budget; only the owner or an admin changes or
 * deletes it. Users with all-data access see every budget; a scoped user sees only their own.
 * A budget's status is always computed within the viewer's scope. Every change is audited.
 */
async function editableBudget(db: Db, access: Access, id: string): Promise<BudgetRow> {
  const [row] = await db.select().from(budgets).where(eq(budgets.id, id));
  if (!row || (!hasAllData(access) && row.createdBy !== access.userId)) throw new TRPCError({ code: "NOT_FOUND", message: "That budget no longer exists" });
  if (access.role !== "admin" && row.createdBy !== access.userId) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Only the budget's owner or an admin can change or delete it" });
  }
  return row;
}

export const budgetsRouter = createTRPCRouter({
  /** `currency`: show actuals, forecast and variance in this reporting currency (docs/currency.md). */
  list: analyticsProcedure.input(reportingCurrencySchema.optional()).query(async ({ ctx, input }) => {
    const analytics = { ...ctx.analytics, reportingCurrency: input?.currency };
    const rows = await ctx.db
      .select({ budget: budgets, ownerEmail: users.email })
      .from(budgets)
      .leftJoin(users, eq(users.id, budgets.createdBy))
      .where(hasAllData(ctx.access) ? undefined : eq(budgets.createdBy, ctx.access.userId))
      .orderBy(asc(budgets.name));
    return Promise.all(
      rows.map(async ({ budget, ownerEmail }) => ({
        budget: toDef(budget),
        owner: ownerEmail,
        canEdit: ctx.access.role === "admin" || (ctx.access.role === "analyst" && budget.createdBy === ctx.access.userId),
        status: await budgetStatus(analytics, toDef(budget)),
      })),
    );
  }),
  create: analystProcedure.input(checked).mutation(async ({ ctx, input }) => {
    const [dup] = await ctx.db.select({ id: budgets.id }).from(budgets).where(eq(budgets.name, input.name));
    if (dup) throw new TRPCError({ code: "CONFLICT", message: `A budget named "${input.name}" already exists` });
    const [row] = await ctx.db.insert(budgets).values({ ...input, createdBy: ctx.session.user.id }).returning();
    await audit(ctx.db, actorOf(ctx), "budget.create", row!.name, auditable(row!));
    publishBudgetEvent("budget.created", row!, actorOf(ctx));
    return row;
  }),
  update: analystProcedure.input(checked.and(z.object({ id: z.uuid() }))).mutation(async ({ ctx, input }) => {
    const { id, ...rest } = input;
    const before = await editableBudget(ctx.db, ctx.access, id);
    if (rest.name !== before.name) {
      const [dup] = await ctx.db.select({ id: budgets.id }).from(budgets).where(eq(budgets.name, rest.name));
      if (dup) throw new TRPCError({ code: "CONFLICT", message: `A budget named "${rest.name}" already exists` });
    }
    const [row] = await ctx.db.update(budgets).set(rest).where(eq(budgets.id, id)).returning();
    if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "That budget no longer exists" });
    await audit(ctx.db, actorOf(ctx), "budget.update", row.name, { before: { name: before.name, ...auditable(before) }, after: { name: row.name, ...auditable(row) } });
    publishBudgetEvent("budget.changed", row, actorOf(ctx), before);
    return row;
  }),
  remove: analystProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    const before = await editableBudget(ctx.db, ctx.access, input.id);
    await ctx.db.delete(budgets).where(eq(budgets.id, input.id));
    await audit(ctx.db, actorOf(ctx), "budget.delete", before.name, auditable(before));
    publishBudgetEvent("budget.deleted", before, actorOf(ctx));
    return { id: input.id };
  }),
});
