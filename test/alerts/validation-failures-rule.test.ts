/**
 * The validation-failures rule kind on a real embedded runtime: after a good run, the violations of
 * the run's failed validation rules (validation_results, written here by hand) are summed and
 * compared with the rule's count; a later run at or under the count resolves the alert; a rule
 * turned off (the rules page's on/off toggle sends alertRules.update with enabled false) opens
 * nothing. Expected numbers are hand sums of the rows below.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import { alerts, dataSources } from "~/domain/db/schema";
import { evaluateAlertRules } from "~/domain/alerts/evaluate-rules";
import { appRouter } from "~/server/api/root";
import { createCallerFactory } from "~/server/api/trpc";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";

let rt: Runtime;
let adminId: string;
const admin = () =>
  createCallerFactory(appRouter)({ rt, db: rt.db, ch: rt.ch, headers: new Headers({ origin: "https://abi.test" }), session: { expires: "2999-01-01", user: { id: adminId, email: "admin@x.io", name: "", role: "admin" } } });
const alertsOf = (ruleId: string) => rt.db.select().from(alerts).where(eq(alerts.ruleId, ruleId));

async function validation(runId: string, rows: [rule: string, result: "pass" | "fail" | "warn", violations: number][]) {
  await rt.ch.insert({ table: "validation_results", format: "JSONEachRow", values: rows.map(([rule_id, result, violations]) => ({ run_id: runId, rule_id, level: "error", result, violations, details: "" })) });
}

beforeAll(async () => {
  delete process.env.NEXTAUTH_URL;
  rt = await freshEmbeddedRuntime("alerts-validation");
  adminId = (await createUser(rt.db, { email: "admin@x.io", role: "admin", password: "a-long-password" })).id;
}, 180_000);
afterAll(async () => rt?.close());

describe("validation failures rule", () => {
  it("opens above the count with the summed violations of failed rules, resolves on a clean run; a rule turned off opens nothing", async () => {
    const [source] = await rt.db.insert(dataSources).values({ name: "EA exports", plugin: "file-upload", config: {} }).returning();
    const [other] = await rt.db.insert(dataSources).values({ name: "Other", plugin: "file-upload", config: {} }).returning();
    const rule = await admin().alertRules.create({ name: "Bad rows", kind: "validation_failures", params: { sourceId: source!.id, count: 5 } });
    const off = await admin().alertRules.create({ name: "Bad rows (off)", kind: "validation_failures", params: { sourceId: source!.id, count: 0 } });
    await admin().alertRules.update({ id: off.id, rule: { name: off.name, kind: "validation_failures", params: { sourceId: source!.id, count: 0 }, shared: off.shared, channelIds: [], enabled: false } });

    // Failed rules: 3 + 4 = 7 violations in 2 rules; the passing and warning rows do not count.
    await validation("run-1", [["FOCUS-001", "fail", 3], ["FOCUS-002", "fail", 4], ["FOCUS-003", "pass", 0], ["FOCUS-004", "warn", 9]]);
    // A run of another source is not this rule's concern.
    await validation("run-x", [["FOCUS-001", "fail", 50]]);
    await evaluateAlertRules(rt, { kind: "run", sourceId: other!.id, runId: "run-x", ok: true });
    expect(await alertsOf(rule.id)).toEqual([]);

    const opened = await evaluateAlertRules(rt, { kind: "run", sourceId: source!.id, runId: "run-1", ok: true });
    const [a, ...more] = await alertsOf(rule.id);
    expect(more).toEqual([]);
    expect(opened.opened).toEqual([a!.id]);
    expect(a).toMatchObject({ state: "open", period: "run-1", title: 'Validation of "EA exports" found 7 violations' });
    expect(a!.numbers).toEqual([{ label: "Violations", value: "7" }, { label: "Failed rules", value: "2" }, { label: "Threshold", value: "5" }]);
    expect(await alertsOf(off.id)).toEqual([]);

    // 5 violations is not above the count of 5: the alert resolves.
    await validation("run-2", [["FOCUS-001", "fail", 2], ["FOCUS-002", "fail", 3]]);
    const clean = await evaluateAlertRules(rt, { kind: "run", sourceId: source!.id, runId: "run-2", ok: true });
    expect(clean.resolved).toEqual([a!.id]);
    expect((await alertsOf(rule.id))[0]!.state).toBe("resolved");
    expect(await alertsOf(off.id)).toEqual([]);
  });
});
