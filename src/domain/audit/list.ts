import { and, desc, eq, gte, ilike, like, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { auditLog } from "../db/schema";
import type { Db } from "../runtime/postgres";

const day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "must be YYYY-MM-DD");

/** One page of the audit log, newest first; `before` is the last id of the previous page. */
export const auditQuerySchema = z
  .object({
    search: z.string().trim().max(200).optional(),
    actionPrefix: z.string().trim().max(100).optional(),
    actor: z.string().trim().max(320).optional(),
    from: day.optional(),
    to: day.optional(),
    before: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from must not be after to", path: ["from"] });

export type AuditQuery = z.input<typeof auditQuerySchema>;

export type AuditRow = {
  id: number;
  at: string;
  actorEmail: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown> | null;
  ip: string | null;
  userAgent: string | null;
};

/** LIKE treats % and _ as wildcards; a person's search text means them literally. */
const literal = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000);

export async function listAudit(db: Db, raw: AuditQuery): Promise<{ rows: AuditRow[]; nextBefore: number | null }> {
  const q = auditQuerySchema.parse(raw);
  const where: SQL[] = [];
  if (q.search) {
    const p = `%${literal(q.search)}%`;
    where.push(or(ilike(auditLog.action, p), ilike(auditLog.target, p), ilike(auditLog.actorEmail, p), ilike(auditLog.ip, p))!);
  }
  if (q.actionPrefix) where.push(like(auditLog.action, `${literal(q.actionPrefix)}%`));
  if (q.actor) where.push(eq(sql`lower(${auditLog.actorEmail})`, q.actor.toLowerCase()));
  if (q.from) where.push(gte(auditLog.at, new Date(`${q.from}T00:00:00Z`)));
  if (q.to) where.push(lt(auditLog.at, nextDay(q.to)));
  if (q.before) where.push(lt(auditLog.id, q.before));
  const found = await db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(q.limit + 1);
  const page = found.slice(0, q.limit);
  return {
    rows: page.map((r) => ({ id: r.id, at: r.at.toISOString(), actorEmail: r.actorEmail, action: r.action, target: r.target, details: r.details, ip: r.ip, userAgent: r.userAgent })),
    nextBefore: found.length > q.limit ? page[page.length - 1]!.id : null,
  };
}
