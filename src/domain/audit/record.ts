import { auditLog } from "../db/schema";
import type { Db } from "../runtime/postgres";

/** Who did something and from where: the signed-in user (if any) and the client's address. */
export type AuditOrigin = {
  actor?: { id?: string | null; email?: string | null };
  ip?: string | null;
  userAgent?: string | null;
};

export type AuditEntry = AuditOrigin & {
  /** Dotted verb, object first: `user.update`, `source.delete`, `export.pdf`, `auth.sign_in_failed`. */
  action: string;
  /** What was acted on, as a person reads it (an e-mail, a source name, a page path). */
  target?: string | null;
  details?: Record<string, unknown>;
};

// Bounds what one row can hold: a header or a target comes from the client.
const MAX_TEXT = 1000;
const clip = (s: string | null | undefined) => (s ? s.slice(0, MAX_TEXT) : null);

/** Writes one audit row. Every change and export is recorded through here (never a bare insert). */
export async function recordAudit(db: Pick<Db, "insert">, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    action: entry.action,
    actorId: entry.actor?.id ?? null,
    actorEmail: entry.actor?.email?.toLowerCase() ?? null,
    target: clip(entry.target),
    details: entry.details ?? null,
    ip: clip(entry.ip)?.slice(0, 100) ?? null,
    userAgent: clip(entry.userAgent),
  });
}
