import { TRPCError } from "@trpc/server";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { users, auditLog, roleEnum } from "~/domain/db/schema";
import { createUser } from "~/domain/auth/bootstrap";
import { hashPassword } from "~/domain/auth/passwords";
import { singleLineText } from "~/domain/validation/plain-text";
import { adminProcedure, createTRPCRouter } from "../trpc";

const roleSchema = z.enum(roleEnum.enumValues);

export const usersRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) =>
    ctx.db
      .select({ id: users.id, email: users.email, name: users.name, role: users.role, disabled: users.disabled, lastSignInAt: users.lastSignInAt, createdAt: users.createdAt })
      .from(users)
      .orderBy(asc(users.email)),
  ),

  create: adminProcedure
    .input(z.object({ email: z.email(), name: singleLineText(120).default(""), role: roleSchema, password: z.string().min(10, "Passwords need at least 10 characters").max(200) }))
    .mutation(async ({ ctx, input }) => {
      const [existing] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, input.email.toLowerCase()));
      if (existing) throw new TRPCError({ code: "CONFLICT", message: `A user with e-mail ${input.email} already exists` });
      return createUser(ctx.db, input);
    }),

  update: adminProcedure
    .input(z.object({ id: z.uuid(), role: roleSchema.optional(), disabled: z.boolean().optional(), password: z.string().min(10).max(200).optional() }))
    .mutation(async ({ ctx, input }) => {
      if (input.id === ctx.session.user.id && (input.disabled || (input.role && input.role !== "admin"))) {
        throw new TRPCError({ code: "BAD_REQUEST", message: "You cannot demote or disable your own account" });
      }
      const patch = {
        ...(input.role ? { role: input.role } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
        ...(input.password ? { passwordHash: await hashPassword(input.password) } : {}),
      };
      const [row] = await ctx.db.update(users).set(patch).where(eq(users.id, input.id)).returning({ email: users.email });
      if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "No such user" });
      await ctx.db.insert(auditLog).values({
        action: "user.update",
        actorId: ctx.session.user.id,
        actorEmail: ctx.session.user.email,
        target: row.email,
        details: { role: input.role, disabled: input.disabled, passwordChanged: Boolean(input.password) },
      });
      return row;
    }),
});
