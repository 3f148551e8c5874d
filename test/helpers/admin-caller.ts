import { createUser } from "~/domain/auth/bootstrap";
import type { Runtime } from "~/domain/runtime";
import { appRouter } from "~/server/api/root";
import { createCallerFactory } from "~/server/api/trpc";

/** A real admin account in the runtime's registry and a tRPC caller signed in as it. */
export async function adminCaller(rt: Runtime) {
  const user = await createUser(rt.db, { email: "admin@example.com", password: "a-long-password", role: "admin" });
  return createCallerFactory(appRouter)({
    rt, db: rt.db, ch: rt.ch, headers: new Headers(),
    session: { expires: "2999-01-01", user: { id: user.id, email: user.email, name: "", role: "admin" } },
  });
}
