import { z } from "zod";
import { addMember, createGroup, deleteGroup, getGroup, groupInput, listGroups, removeMember, updateGroup } from "~/domain/access/manage-groups";
import { adminProcedure, createTRPCRouter } from "../trpc";
import { accessCall, actorOf } from "./access-errors";

const id = z.uuid("No such group");

/** Groups of users (admin only); grants on a group apply to every member. */
export const groupsRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listGroups(ctx.db)),
  get: adminProcedure.input(z.object({ id })).query(({ ctx, input }) => accessCall(() => getGroup(ctx.db, input.id))),
  create: adminProcedure.input(groupInput).mutation(({ ctx, input }) => accessCall(() => createGroup(ctx.db, actorOf(ctx), input))),
  update: adminProcedure.input(groupInput.extend({ id })).mutation(({ ctx, input }) => accessCall(() => updateGroup(ctx.db, actorOf(ctx), input.id, input))),
  remove: adminProcedure.input(z.object({ id })).mutation(({ ctx, input }) => accessCall(() => deleteGroup(ctx.db, actorOf(ctx), input.id))),
  addMember: adminProcedure
    .input(z.object({ groupId: id, userId: z.uuid("No such user") }))
    .mutation(({ ctx, input }) => accessCall(() => addMember(ctx.db, actorOf(ctx), input.groupId, input.userId))),
  removeMember: adminProcedure
    .input(z.object({ groupId: id, userId: z.uuid("No such user") }))
    .mutation(({ ctx, input }) => accessCall(() => removeMember(ctx.db, actorOf(ctx), input.groupId, input.userId))),
});
