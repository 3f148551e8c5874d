/** Two admins adding the same e-mail at once: one user is created, the other gets a 409, not a 500. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { users } from "~/domain/db/schema";
import { adminCaller } from "../helpers/admin-caller";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";

let rt: Runtime;
beforeAll(async () => {
  rt = await freshEmbeddedRuntime("user-race");
});
afterAll(async () => {
  await rt?.close();
});

describe("users.create", () => {
  it("answers CONFLICT to every concurrent duplicate and creates the user once", async () => {
    const admin = await adminCaller(rt);
    const input = { email: "twin@example.com", name: "", role: "viewer" as const, password: "a-long-password" };
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => admin.users.create(input)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === "rejected")) {
      expect(r.reason).toMatchObject({ code: "CONFLICT", message: "A user with e-mail twin@example.com already exists" });
    }
    const [row] = await rt.db.select({ n: count() }).from(users).where(eq(users.email, "twin@example.com"));
    expect(row?.n).toBe(1);
  });
});
