import type { Session } from "next-auth";
import type { AuditOrigin } from "~/domain/audit/record";
import { clientAddress, userAgent } from "./security/client-address";

/** Who is calling and from where, for recordAudit: the session's user and the request's address. */
export function auditOrigin(ctx: { session: Session | null; headers: Headers }): AuditOrigin {
  const user = ctx.session?.user;
  const header = (n: string) => ctx.headers.get(n);
  const ip = clientAddress(header);
  return {
    actor: user ? { id: user.id, email: user.email } : undefined,
    ip: ip === "unknown" ? null : ip,
    userAgent: userAgent(header),
  };
}
