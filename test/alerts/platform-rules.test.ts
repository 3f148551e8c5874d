import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import { alerts, dataSources } from "~/domain/db/schema";
import { addDays } from "~/domain/analytics/filters";
import { ingestFiles } from "~/domain/ingest";
import { snapshotRunTotals, recordRestatements } from "~/domain/ingestion/restatements";
import { generateEaExports } from "~/domain/seed";
import { evaluateAlertRules } from "~/domain/alerts/evaluate-rules";
import { insertFocusRows, type FocusRowInput } from "../analytics/focus-rows";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";
import { signedInAs } from "../helpers/signed-in-as";

/**
 * The rule kinds besides budgets, on a real embedded runtime: anomalies (in the owner's scope),
 * run failed (resolved by the next good run), data late (resolved when data comes), restatements
 * (the amount is SQL over the restatements the run recorded) and an unhealthy service.
 */
let rt: Runtime;
const ids: Record<string, string> = {};
const as = signedInAs(() => rt, ids);
const alertsOf = (ruleId: string) => rt.db.select().from(alerts).where(eq(alerts.ruleId, ruleId));

beforeAll(async () => {
  delete process.env.NEXTAUTH_URL;
  rt = await freshEmbeddedRuntime("alerts-platform");
  for (const [email, role] of [["admin@x.io", "admin"], ["scoped@x.io", "viewer"]] as const) ids[email] = (await createUser(rt.db, { email, role, password: "a-long-password" })).id;
  const admin = as("admin@x.io", "admin");
  await admin.grants.setDataAccess({ userId: ids["scoped@x.io"]!, dataAccess: "granted" });
  await admin.grants.create({ userId: ids["scoped@x.io"]!, role: "analyst", scopeKind: "sub_account", scopeValue: "sub-a" });
  // 35 days of flat cost on two subscriptions; Storage on sub-b spikes to 900 on the last day.
  const rows: FocusRowInput[] = [];
  for (let d = "2025-02-01"; d <= "2025-03-07"; d = addDays(d, 1)) {
    rows.push({ day: d, cost: "100.00", subAccount: "sub-a", service: "Virtual Machines" });
    rows.push({ day: d, cost: d === "2025-03-07" ? "900.00" : "50.00", subAccount: "sub-b", service: "Storage" });
  }
  await insertFocusRows(rt.ch, rows);
}, 180_000);
afterAll(async () => rt?.close());

describe("platform and anomaly rules", () => {
  it("anomaly: alerts the spike with its numbers; a user scoped to the other subscription gets nothing", async () => {
    const all = await as("admin@x.io", "admin").alertRules.create({ name: "Big spikes", kind: "anomaly", params: { dimension: "ServiceName", minSeverity: "high", days: 3 } });
    const mine = await as("scoped@x.io", "viewer").alertRules.create({ name: "My spikes", kind: "anomaly", params: { dimension: "ServiceName", minSeverity: "low", days: 3 } });
    const out = await evaluateAlertRules(rt, { kind: "schedule" });
    const [a, ...more] = await alertsOf(all.id);
    expect(more).toEqual([]);
    expect(a).toMatchObject({ conditionKey: "ServiceName=Storage|EUR", period: "2025-03-07", state: "open", scope: "all billing data" });
    // Oracle: the day's cost and the mean of the same weekday in the 4 weeks before (all 50.00).
    expect(a!.numbers.slice(0, 3)).toEqual([{ label: "Actual", value: "900 EUR" }, { label: "Expected", value: "50.00 EUR" }, { label: "Change", value: "850.00 EUR" }]);
    expect(a!.link).toBe("https://abi.test/anomalies?dimension=ServiceName");
    expect(await alertsOf(mine.id)).toEqual([]);
    expect(out.opened).toEqual([a!.id]);
    expect((await evaluateAlertRules(rt, { kind: "schedule" })).opened).toEqual([]);
  });

  it("run failed: opens for the failed run, resolves on the next good run of the source", async () => {
    const [source] = await rt.db.insert(dataSources).values({ name: "nightly", plugin: "file-upload", config: {} }).returning();
    const rule = await as("admin@x.io", "admin").alertRules.create({ name: "Runs", kind: "run_failed", params: { sourceId: source!.id } });
    await evaluateAlertRules(rt, { kind: "run", sourceId: source!.id, runId: "run-1", ok: false, error: "the export had no header" });
    const [a] = await alertsOf(rule.id);
    expect(a).toMatchObject({ state: "open", period: "run-1", title: 'Ingestion run of "nightly" failed' });
    expect(a!.numbers).toContainEqual({ label: "Error", value: "the export had no header" });
    await evaluateAlertRules(rt, { kind: "schedule" }); // the schedule does not know about runs: nothing changes
    expect((await alertsOf(rule.id))[0]!.state).toBe("open");
    const ok = await evaluateAlertRules(rt, { kind: "run", sourceId: source!.id, runId: "run-2", ok: true });
    expect(ok.resolved).toEqual([a!.id]);
    expect((await alertsOf(rule.id))[0]!.state).toBe("resolved");
  });

  it("data late: a scheduled source without a run after its schedule + N hours alerts, and resolves when data arrives", async () => {
    const now = new Date();
    const hour = (now.getUTCHours() + 21) % 24; // three hours ago (yesterday's when that wraps)
    const [source] = await rt.db.insert(dataSources).values({ name: "daily pull", plugin: "file-upload", config: {}, scheduleEnabled: true, scheduleHourUtc: hour }).returning();
    const rule = await as("admin@x.io", "admin").alertRules.create({ name: "Late", kind: "data_late", params: { sourceId: source!.id, hours: 2 } });
    await evaluateAlertRules(rt, { kind: "schedule" }, now);
    const [a] = await alertsOf(rule.id);
    expect(a).toMatchObject({ state: "open", conditionKey: source!.id, title: 'No new data from "daily pull" 2 h after its schedule' });
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "abi-alerts-late-"));
    const gen = await generateEaExports({ outDir: out, months: 1, endMonth: "2025-01", rowsPerDay: 100, seed: 3 });
    await ingestFiles(rt.ch, { sourceId: source!.id, files: gen.files.map((f) => f.path) });
    const later = await evaluateAlertRules(rt, { kind: "schedule" }, new Date(now.getTime() + 60_000));
    expect(later.resolved).toEqual([a!.id]);
  }, 120_000);

  it("restatement: a re-run that changes billed cost above the amount alerts with SQL's absolute change", async () => {
    const sourceId = "restated-source";
    const rule = await as("admin@x.io", "admin").alertRules.create({ name: "Restated", kind: "restatement", params: { amount: "1" } });
    const run = async (seed: number) => {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), "abi-alerts-restate-"));
      const gen = await generateEaExports({ outDir: out, months: 1, endMonth: "2024-11", rowsPerDay: 100, seed });
      const r = await ingestFiles(rt.ch, { sourceId, files: gen.files.map((f) => f.path) });
      await snapshotRunTotals(rt.ch, { runId: r.runId, sourceId, months: r.months });
      await recordRestatements(rt.ch, { runId: r.runId, sourceId, month: "2024-11" });
      return r.runId;
    };
    const first = await run(21);
    expect((await evaluateAlertRules(rt, { kind: "run", sourceId, runId: first, ok: true })).opened).toEqual([]);
    const second = await run(22);
    const evaluated = await evaluateAlertRules(rt, { kind: "run", sourceId, runId: second, ok: true });
    expect(evaluated.skipped).toEqual([]);
    const [a] = await alertsOf(rule.id);
    const rs = await rt.ch.query({
      query: "SELECT currency, toString(sum(abs(billed_after - billed_before))) AS moved FROM restatements WHERE run_id = {r:String} GROUP BY currency",
      query_params: { r: second },
      format: "JSONEachRow",
    });
    const [oracle] = await rs.json<{ currency: string; moved: string }>();
    expect(Number(oracle!.moved)).toBeGreaterThan(1);
    expect(a!.numbers[0]).toEqual({ label: "Restated (absolute)", value: `${oracle!.moved} ${oracle!.currency}` });
  }, 180_000);

  it("service unhealthy: an unreachable object-storage endpoint opens one alert per outage", async () => {
    await expect(as("admin@x.io", "admin").alertRules.create({ name: "Typo", kind: "service_unhealthy", params: { service: "s3" } as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const rule = await as("admin@x.io", "admin").alertRules.create({ name: "Storage down", kind: "service_unhealthy", params: { service: "storage" } });
    const broken = { ...rt, env: { ...rt.env, S3_ENDPOINT: "http://127.0.0.1:9", S3_BUCKET: "nope", S3_REGION: "us-east-1", S3_ACCESS_KEY_ID: "k", S3_SECRET_ACCESS_KEY: "s" } } as Runtime;
    expect((await evaluateAlertRules(broken, { kind: "schedule" })).opened).toHaveLength(1);
    expect((await evaluateAlertRules(broken, { kind: "schedule" })).opened).toEqual([]);
    const [a] = await alertsOf(rule.id);
    expect(a).toMatchObject({ conditionKey: "storage", state: "open", title: "Service storage is unhealthy" });
    expect((await evaluateAlertRules(rt, { kind: "schedule" })).resolved).toContain(a!.id);
  }, 60_000);
});
