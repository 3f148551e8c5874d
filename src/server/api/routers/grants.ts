import { z } from "zod";
import { createGrant, deleteGrant, grantInput, listGrants, setDataAccess } from "~/domain/access/manage-grants";
import { scopeValues, scopeValuesInput } from "~/domain/access/scope-values";
import { adminProcedure, createTRPCRouter } from "../trpc";
import { accessCall, actorOf } from "./access-errors";

/** Grants of a role on a billing scope to a user or a group, and users' data access (admin only). */
export const grantsRouter = createTRPCRouter({
  list: adminProcedure
    .input(z.union([z.object({ userId: z.uuid("No such user") }), z.object({ groupId: z.uuid("No such group") })]))
    .query(({ ctx, input }) => listGrants(ctx.db, input)),
  create: adminProcedure.input(grantInput).mutation(({ ctx, input }) => accessCall(() => createGrant(ctx.db, actorOf(ctx), input))),
  remove: adminProcedure.input(z.object({ id: z.uuid("No such grant") })).mutation(({ ctx, input }) => accessCall(() => deleteGrant(ctx.db, actorOf(ctx), input.id))),
  setDataAccess: adminProcedure
    .input(z.object({ userId: z.uuid("No such user"), dataAccess: z.enum(["all", "granted"]) }))
    .mutation(({ ctx, input }) => accessCall(() => setDataAccess(ctx.db, actorOf(ctx), input.userId, input.dataAccess))),
  /** Values present in the data for the scope picker (bounded); typed values are accepted too. */
  scopeValues: adminProcedure.input(scopeValuesInput).query(({ ctx, input }) => scopeValues(ctx.ch, input)),
});
