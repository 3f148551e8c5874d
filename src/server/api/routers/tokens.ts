import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createApiToken, listApiTokens, revokeApiToken } from "~/domain/auth/api-tokens";
import { createTRPCRouter, protectedProcedure } from "../trpc";
import { auditOrigin } from "~/server/audit-origin";

const originOf = (ctx: Parameters<typeof auditOrigin>[0]) => {
  const { ip, userAgent } = auditOrigin(ctx);
  return { ip, userAgent };
};

/** Personal API tokens: each user manages only their own. A token acts as its owner. */
export const tokensRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listApiTokens(ctx.db, ctx.session.user.id)),

  create: protectedProcedure
    .input(
      z.object({
        name: z.string().trim().min(1, "Give the token a name").max(80),
        expiresAt: z.date().refine((d) => d.getTime() > Date.now(), "The expiry must be in the future").optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      // A token cannot mint more tokens: a leaked token must not outlive its own revocation.
      if (ctx.user?.via === "token") throw new TRPCError({ code: "FORBIDDEN", message: "Create API tokens while signed in, not with another token" });
      return createApiToken(ctx.db, { ...ctx.session.user, ...originOf(ctx) }, input);
    }),

  revoke: protectedProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    const row = await revokeApiToken(ctx.db, { ...ctx.session.user, ...originOf(ctx) }, input.id);
    if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "No such active token of yours" });
    return row;
  }),
});
