import { auditQuerySchema, listAudit } from "~/domain/audit/list";
import { adminProcedure, createTRPCRouter } from "../trpc";

/** The audit log: admins only, one page at a time (keyset on id), newest first. */
export const auditRouter = createTRPCRouter({
  list: adminProcedure.input(auditQuerySchema).query(({ ctx, input }) => listAudit(ctx.db, input)),
});
