import { TRPCError } from "@trpc/server";
import { and, asc, eq, or, isNull } from "drizzle-orm";
import { z } from "zod";
import { savedViews } from "~/domain/db/schema";
import { singleLineText } from "~/domain/validation/plain-text";
import { createTRPCRouter, protectedProcedure } from "../trpc";

const pageSchema = z.string().regex(/^\/[a-z0-9/-]*$/, "a page path like /costs");

export const savedViewsRouter = createTRPCRouter({
  list: protectedProcedure.input(z.object({ page: pageSchema })).query(({ ctx, input }) =>
    ctx.db
      .select()
      .from(savedViews)
      .where(and(eq(savedViews.page, input.page), or(eq(savedViews.ownerId, ctx.session.user.id), isNull(savedViews.ownerId))))
      .orderBy(asc(savedViews.name)),
  ),
  save: protectedProcedure
    .input(z.object({ page: pageSchema, name: singleLineText(120).pipe(z.string().trim().min(1, "Give the view a name")), query: singleLineText(8000) }))
    .mutation(async ({ ctx, input }) => {
      const [row] = await ctx.db
        .insert(savedViews)
        .values({ ...input, ownerId: ctx.session.user.id })
        .onConflictDoUpdate({ target: [savedViews.ownerId, savedViews.page, savedViews.name], set: { query: input.query } })
        .returning();
      return row;
    }),
  remove: protectedProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    const rows = await ctx.db.delete(savedViews).where(and(eq(savedViews.id, input.id), eq(savedViews.ownerId, ctx.session.user.id))).returning();
    if (rows.length === 0) throw new TRPCError({ code: "NOT_FOUND", message: "No such saved view of yours" });
    return { id: input.id };
  }),
});
