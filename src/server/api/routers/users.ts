import { TRPCError } from "@trpc/server";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { users, roleEnum } from "~/domain/db/schema";
import { recordAudit } from "~/domain/audit/record";
import { auditOrigin } from "~/server/audit-origin";
import { createUser } from "~/domain/auth/bootstrap";
import { hashPassword } from "~/domain/auth/passwords";
import { endSessions } from "~/domain/auth/account-state";
import { revokeAllApiTokens } from "~/domain/auth/api-tokens";
import { singleLineText } from "~/domain/validation/plain-text";
import { adminProcedure, createTRPCRouter } from "../trpc";

const roleSchema = z.enum(roleEnum.enumValues);

export const usersRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) =>
    ctx.db
      .select({ id: users.id, email: users.email, name: users.name, role: users.role, dataAccess: users.dataAccess, disabled: users.disabled, lastSignInAt: users.lastSignInAt, createdAt: users.createdAt })
      .from(users)
      .orderBy(asc(users.email)),
  ),

  create: adminProcedure
    .input(z.object({ email: z.email(), name: singleLineText(120).default(""), role: roleSchema, password: z.string().min(10, "Passwords need at least 10 characters").max(200) }))
    .mutation(async ({ ctx, input }) => {
      const taken = () => new TRPCError({ code: "CONFLICT", message: `A user with e-mail ${input.email} already exists` });
      const [existing] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, input.email.toLowerCase()));
      if (existing) throw taken();
      try {
        return await createUser(ctx.db, input, auditOrigin(ctx));
      } catch (e) {
        // Two admins adding the same e-mail at once: the unique index answers for the loser.
        if (isUniqueViolation(e)) throw taken();
        throw e;
      }
    }),

  update: adminProcedure
    .input(z.object({ id: z.uuid(), role: roleSchema.optional(), disabled: z.boolean().optional(), password: z.string().min(10).max(200).optional() }))
    .mutation(async ({ ctx, input }) => {
      if (input.id === ctx.session.user.id && (input.disabled || (input.role && input.role !== "admin"))) {
        throw new TRPCError({ code: "BAD_REQUEST", message: "You cannot demote or disable your own account" });
      }
      if (input.role === "admin") {
        const [u] = await ctx.db.select({ dataAccess: users.dataAccess }).from(users).where(eq(users.id, input.id));
        if (u?.dataAccess === "granted") throw new TRPCError({ code: "BAD_REQUEST", message: "An administrator must have access to all billing data; set the data access to all first" });
      }
      // A new role or a disabled account also ends the user's sessions (they sign in again).
      const endsSessions = input.role !== undefined || input.disabled === true;
      const patch = {
        ...(endsSessions ? { sessionsValidAfter: new Date() } : {}),
        ...(input.role ? { role: input.role } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
        ...(input.password ? { passwordHash: await hashPassword(input.password) } : {}),
      };
      const [row] = await ctx.db.update(users).set(patch).where(eq(users.id, input.id)).returning({ email: users.email });
      if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "No such user" });
      await recordAudit(ctx.db, {
        ...auditOrigin(ctx),
        action: "user.update",
        target: row.email,
        details: { role: input.role, disabled: input.disabled, passwordChanged: Boolean(input.password), sessionsEnded: endsSessions },
      });
      return row;
    }),

  endSessions: adminProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    const row = await endSessions(ctx.db, input.id);
    if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "No such user" });
    // Shutting an account out includes the tokens made in its sessions (only their owner could revoke them).
    const tokensRevoked = await revokeAllApiTokens(ctx.db, input.id);
    await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "user.end_sessions", target: row.email, details: { tokensRevoked } });
    return row;
  }),
});

/** PostgreSQL's unique_violation (23505), from pg or PGlite, bare or wrapped by Drizzle. */
function isUniqueViolation(e: unknown): boolean {
  for (let c: unknown = e; c; c = (c as { cause?: unknown }).cause) {
    if ((c as { code?: unknown }).code === "23505") return true;
  }
  return false;
}
