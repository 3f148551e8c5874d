import { z } from "zod";
import { listAudit, type AuditRow } from "../audit/list";
import type { Command } from "./types";

export const auditArgs = z.object({
  since: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "must be YYYY-MM-DD").optional(),
  action: z.string().trim().min(1).max(100).optional(),
  actor: z.string().trim().min(1).max(320).optional(),
  limit: z.coerce.number().int().min(1, "must be between 1 and 1000").max(1000, "must be between 1 and 1000").default(100),
});

/** `abi audit`: audit rows, newest first (pages through the log up to --limit rows). */
export const auditCommand: Command<z.input<typeof auditArgs>, AuditRow[]> = {
  name: "audit",
  async run(rt, raw) {
    const args = auditArgs.parse(raw);
    const rows: AuditRow[] = [];
    let before: number | undefined;
    while (rows.length < args.limit) {
      const page = await listAudit(rt.db, { from: args.since, actionPrefix: args.action, actor: args.actor, before, limit: Math.min(200, args.limit - rows.length) });
      rows.push(...page.rows);
      if (page.nextBefore === null) break;
      before = page.nextBefore;
    }
    return rows;
  },
};
