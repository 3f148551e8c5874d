import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import { alertRules, alerts } from "~/domain/db/schema";
import { signedInAs } from "../helpers/signed-in-as";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";

/**
 * Security review 2 (docs/security-review-2.md, S1): a shared rule is evaluated with its owner's
 * billing scope, so its alerts carry the owner's numbers. An analyst limited to one sub account
 * must not read them off a shared rule of an all-data colleague (list, rules, acknowledge,
 * delivery log); a shared rule whose owner's scope is within theirs stays visible.
 */
let rt: Runtime;
const ids: Record<string, string> = {};
const as = signedInAs(() => rt, ids);

let wideAlert = "";
let peerAlert = "";

async function sharedRuleWithAlert(ownerEmail: string, name: string, spend: string): Promise<string> {
  const [rule] = await rt.db.insert(alertRules).values({ name, kind: "anomaly", params: { dimension: "ServiceName", minSeverity: "low", days: 7 }, ownerId: ids[ownerEmail]!, shared: true, linkOrigin: "https://abi.test" }).returning();
  const [alert] = await rt.db
    .insert(alerts)
    .values({ ruleId: rule!.id, conditionKey: `k-${name}`, period: "2025-03", title: `${name} fired`, numbers: [{ label: "Actual", value: spend }], scope: "x", link: "https://abi.test/alerts" })
    .returning();
  return alert!.id;
}

beforeAll(async () => {
  rt = await freshEmbeddedRuntime("alerts-shared-scope");
  for (const [email, role] of [["admin@x.io", "admin"], ["wide@x.io", "analyst"], ["scoped@x.io", "viewer"], ["peer@x.io", "viewer"]] as const) {
    ids[email] = (await createUser(rt.db, { email, role, password: "a-long-password" })).id;
  }
  const admin = as("admin@x.io", "admin");
  for (const email of ["scoped@x.io", "peer@x.io"]) {
    await admin.grants.setDataAccess({ userId: ids[email]!, dataAccess: "granted" });
    await admin.grants.create({ userId: ids[email]!, role: "analyst", scopeKind: "sub_account", scopeValue: "sub-a" });
  }
  wideAlert = await sharedRuleWithAlert("wide@x.io", "Company-wide spend", "987654.32 EUR");
  peerAlert = await sharedRuleWithAlert("peer@x.io", "Sub A spend", "12.00 EUR");
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

describe("shared alert rules and the caller's billing scope", () => {
  it("a scoped analyst does not see the alerts of a shared rule computed over all billing data", async () => {
    const scoped = as("scoped@x.io", "analyst");
    const listed = await scoped.alerts.list({ state: "all" });
    expect(JSON.stringify(listed)).not.toContain("987654.32");
    expect(listed.map((a) => a.id)).toEqual([peerAlert]);
    expect((await scoped.alertRules.list()).map((r) => r.name)).toEqual(["Sub A spend"]);
    await expect(scoped.alerts.deliveries({ alertId: wideAlert })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(scoped.alerts.acknowledge({ id: wideAlert })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("an all-data analyst and an admin still see both", async () => {
    expect((await as("wide@x.io", "analyst").alerts.list({ state: "all" })).map((a) => a.id).sort()).toEqual([wideAlert, peerAlert].sort());
    expect((await as("admin@x.io", "admin").alerts.list({ state: "all" })).map((a) => a.id).sort()).toEqual([wideAlert, peerAlert].sort());
  });
});
