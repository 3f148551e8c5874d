import type { Db } from "../runtime/postgres";
import { auditLog } from "../db/schema";

export type Actor = { id: string; email: string };

/** One audit_log row: who (actor), what (action like "grant.create"), on what (target), details. */
export async function audit(db: Db, actor: Actor, action: string, target: string, details: Record<string, unknown> = {}): Promise<void> {
  await db.insert(auditLog).values({ action, actorId: actor.id, actorEmail: actor.email, target, details });
}
