import { createUser } from "~/domain/auth/bootstrap";
import type { Role } from "~/domain/db/schema";
import type { Runtime } from "~/domain/runtime";
import { signedInAs } from "./signed-in-as";

/**
 * The suite's users, each with the role it was created with: `add` creates real accounts in the
 * runtime's registry (call it in beforeAll), `ids` maps e-mail → user id, `as(email)` is a tRPC
 * caller signed in as that user with that role.
 */
export function people(rt: () => Runtime) {
  const ids: Record<string, string> = {};
  const roles: Record<string, Role> = {};
  const caller = signedInAs(rt, ids);
  return {
    ids,
    async add(list: [email: string, role: Role][]) {
      for (const [email, role] of list) {
        ids[email] = (await createUser(rt().db, { email, role, password: "a-long-password" })).id;
        roles[email] = role;
      }
    },
    as: (email: string) => caller(email, roles[email]!),
  };
}
