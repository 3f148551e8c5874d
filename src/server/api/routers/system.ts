import { checkHealth } from "~/domain/runtime/health";
import { adminProcedure, createTRPCRouter, protectedProcedure } from "../trpc";

export const systemRouter = createTRPCRouter({
  health: adminProcedure.query(({ ctx }) =>
    checkHealth({ env: ctx.rt.env, clickhouse: ctx.ch, db: ctx.db, temporal: ctx.rt.temporal }),
  ),
  me: protectedProcedure.query(({ ctx }) => ctx.session.user),
});
