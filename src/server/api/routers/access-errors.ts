import { TRPCError } from "@trpc/server";
import { AccessError } from "~/domain/access/errors";

/** Runs an access-management call and turns its refusals into tRPC errors with the same message. */
export async function accessCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AccessError) throw new TRPCError({ code: e.code, message: e.message, cause: e });
    throw e;
  }
}

export const actorOf = (ctx: { session: { user: { id: string; email: string } } }) => ({ id: ctx.session.user.id, email: ctx.session.user.email });
