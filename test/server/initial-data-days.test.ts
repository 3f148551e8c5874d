/**
 * The data range the (app) layout reads on the server (issue 15 item 2: pages no longer wait for a
 * costs.dataDays round trip) is the requesting user's, within their billing scope, and nothing
 * without credentials. Oracle: min/max over the raw table, by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";
import { insertFocusRows } from "../analytics/focus-rows";
import type { Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import { createApiToken } from "~/domain/auth/api-tokens";
import { createGrant, setDataAccess } from "~/domain/access/manage-grants";
import { initialDataDays } from "~/server/initial-data-days";
import { rebuildAllRollups } from "~/domain/analytics/rollups";

let rt: Runtime;
let adminToken: string;
let scopedToken: string;

beforeAll(async () => {
  rt = await freshEmbeddedRuntime("initial-days");
  // sub-a: 2025-03-02 … 2025-03-20; sub-b: 2025-02-10 … 2025-03-25
  await insertFocusRows(rt.ch, [
    { day: "2025-03-02", cost: "1.00", subAccount: "sub-a" },
    { day: "2025-03-20", cost: "2.00", subAccount: "sub-a" },
    { day: "2025-02-10", cost: "3.00", subAccount: "sub-b" },
    { day: "2025-03-25", cost: "4.00", subAccount: "sub-b" },
  ]);
  await rebuildAllRollups(rt.ch);
  const admin = await createUser(rt.db, { email: "admin@example.com", password: "a-long-password", role: "admin" });
  const viewer = await createUser(rt.db, { email: "viewer@example.com", password: "a-long-password", role: "viewer" });
  const actor = { id: admin.id, email: admin.email };
  await setDataAccess(rt.db, actor, viewer.id, "granted");
  await createGrant(rt.db, actor, { userId: viewer.id, role: "viewer", scopeKind: "sub_account", scopeValue: "sub-a" });
  adminToken = (await createApiToken(rt.db, actor, { name: "t" })).token;
  scopedToken = (await createApiToken(rt.db, { id: viewer.id, email: viewer.email }, { name: "t" })).token;
}, 120_000);
afterAll(async () => rt?.close());

describe("initialDataDays", () => {
  it("is the whole store's range for an admin and the granted sub account's for a scoped viewer", async () => {
    expect(await initialDataDays(new Headers({ authorization: `Bearer ${adminToken}` }))).toEqual({ first: "2025-02-10", last: "2025-03-25" });
    expect(await initialDataDays(new Headers({ authorization: `Bearer ${scopedToken}` }))).toEqual({ first: "2025-03-02", last: "2025-03-20" });
  });

  it("reads nothing without credentials (the browser then asks, and is refused, as before)", async () => {
    expect(await initialDataDays(new Headers())).toBeUndefined();
    expect(await initialDataDays(new Headers({ authorization: "Bearer abi_not-a-token" }))).toBeUndefined();
  });
});
