import { TRPCError } from "@trpc/server";
import type { Session } from "next-auth";
import { AccessError } from "~/domain/access/errors";
import type { Actor } from "~/domain/access/audit";
import { auditOrigin } from "~/server/audit-origin";

/** Runs an access-management call and turns its refusals into tRPC errors with the same message. */
export async function accessCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AccessError) throw new TRPCError({ code: e.code, message: e.message, cause: e });
    throw e;
  }
}

/** The signed-in user and the request's address, for the audit rows access changes write. */
export function actorOf(ctx: { session: Session; headers: Headers }): Actor {
  const origin = auditOrigin(ctx);
  return { id: ctx.session.user.id, email: ctx.session.user.email, ip: origin.ip, userAgent: origin.userAgent };
}
