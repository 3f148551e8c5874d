import type { Db } from "../runtime/postgres";
import { recordAudit } from "../audit/record";

/** The signed-in person making an access change, and the address the request came from. */
export type Actor = { id: string; email: string; ip?: string | null; userAgent?: string | null };

/** One audit_log row: who (actor), what (action like "grant.create"), on what (target), details. */
export async function audit(db: Db, actor: Actor, action: string, target: string, details: Record<string, unknown> = {}): Promise<void> {
  await recordAudit(db, { actor: { id: actor.id, email: actor.email }, ip: actor.ip, userAgent: actor.userAgent, action, target, details });
}
