import type { Role } from "~/domain/db/schema";
import type { Runtime } from "~/domain/runtime";
import { appRouter } from "~/server/api/root";
import { createCallerFactory } from "~/server/api/trpc";

/**
 * tRPC callers signed in as the test's users: `ids` maps e-mail → user id (filled in beforeAll),
 * `rt()` the suite's runtime. Requests come from https://abi.test, the origin links are built on.
 */
export function signedInAs(rt: () => Runtime, ids: Record<string, string>) {
  const factory = createCallerFactory(appRouter);
  return (email: string, role: Role) =>
    factory({
      rt: rt(), db: rt().db, ch: rt().ch,
      headers: new Headers({ origin: "https://abi.test" }),
      session: { expires: "2999-01-01", user: { id: ids[email]!, email, name: "", role } },
    });
}
