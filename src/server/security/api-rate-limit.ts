import "server-only";
import { clientAddress } from "./client-address";
import { rateLimited, securityLimits } from "./limits";

/** Seconds a tRPC call must wait (per user and per client address), 0 when it may go ahead. */
export function apiRateLimited(ctx: { session: { user?: { id: string } } | null; headers: Headers }): Promise<number> {
  const { apiUser, apiAddress } = securityLimits();
  const address = clientAddress((n) => ctx.headers.get(n));
  return rateLimited([
    [apiUser, ctx.session?.user?.id],
    // no address at all (in-process callers): no shared "unknown" bucket for everyone
    [apiAddress, address === "unknown" ? undefined : address],
  ]);
}
