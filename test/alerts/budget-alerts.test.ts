import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import { alertDeliveries, alerts, auditLog } from "~/domain/db/schema";
import { ingestFiles } from "~/domain/ingest";
import { generateEaExports } from "~/domain/seed";
import { evaluateAlertRules } from "~/domain/alerts/evaluate-rules";
import { deliverAlert } from "~/domain/alerts/deliver";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";
import { startSmtpServer, type SmtpTestServer } from "../support/smtp-test-server";
import { signedInAs } from "../helpers/signed-in-as";

/**
 * Budget alerts end to end without Temporal (the workflow path: test/temporal/alerts-workflow.test.ts):
 * real ingests of generated EA exports into chDB, rules and channels made through tRPC, evaluation
 * with each owner's scope, delivery to a real SMTP server. Expected numbers are SQL over the fact
 * table written here.
 */
let rt: Runtime;
let smtp: SmtpTestServer;
const ids: Record<string, string> = {};
const as = signedInAs(() => rt, ids);

const SOURCE = "alerts-source";
let scopedSub = "";
let currency = "";

async function generated(month: string, rowsPerDay: number) {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-alerts-gen-"));
  const r = await generateEaExports({ outDir, months: 1, endMonth: month, rowsPerDay, seed: 11 });
  return [r.files.find((f) => f.kind === "actual")!.path, r.files.find((f) => f.kind === "amortized")!.path];
}

async function ingest(files: string[]) {
  const report = await ingestFiles(rt.ch, { sourceId: SOURCE, files });
  return evaluateAlertRules(rt, { kind: "run", sourceId: SOURCE, runId: report.runId, ok: true });
}

async function deliverAll(out: Awaited<ReturnType<typeof evaluateAlertRules>>) {
  for (const d of out.deliveries) await deliverAlert(rt, d, 1);
}

/** The oracle: effective cost of a month in the budget's currency, over the raw table, with a WHERE written here. */
async function monthTotal(month: string, where = "1 = 1"): Promise<string> {
  const rs = await rt.ch.query({
    query: `SELECT toString(round(sum(EffectiveCost), 2)) AS s FROM focus_billing_data
      WHERE toStartOfMonth(ChargePeriodStart) = {m:Date} AND BillingCurrency = {c:String} AND (${where})`,
    query_params: { m: `${month}-01`, c: currency },
    format: "JSONEachRow",
  });
  return Number((await rs.json<{ s: string }>())[0]!.s).toFixed(2);
}

async function smtpChannel(email: string, role: "analyst" | "admin") {
  return as(email, role).alertChannels.create({
    name: `mail ${email}`,
    plugin: "email-smtp",
    personal: true,
    config: { host: "localhost", port: smtp.port, security: "starttls", from: "abi@example.com", caPem: smtp.ca },
    secrets: { username: smtp.user, password: smtp.password },
  });
}

beforeAll(async () => {
  delete process.env.NEXTAUTH_URL;
  rt = await freshEmbeddedRuntime("alerts-budget");
  smtp = await startSmtpServer();
  for (const [email, role] of [["admin@x.io", "admin"], ["analyst@x.io", "analyst"], ["scoped@x.io", "viewer"]] as const) {
    ids[email] = (await createUser(rt.db, { email, role, password: "a-long-password" })).id;
  }
  // February, small: the budgets are sized on it so that February stays under the threshold.
  await ingest(await generated("2025-02", 100));
  const [row] = await (await rt.ch.query({ query: "SELECT BillingCurrency AS c, any(SubAccountId) AS sub FROM focus_billing_data GROUP BY c ORDER BY count() DESC LIMIT 1", format: "JSONEachRow" })).json<{ c: string; sub: string }>();
  currency = row!.c;
  scopedSub = row!.sub;
  const admin = as("admin@x.io", "admin");
  await admin.grants.setDataAccess({ userId: ids["scoped@x.io"]!, dataAccess: "granted" });
  await admin.grants.create({ userId: ids["scoped@x.io"]!, role: "analyst", scopeKind: "sub_account", scopeValue: scopedSub });
}, 240_000);
afterAll(async () => {
  await smtp?.close();
  await rt?.close();
});

describe("budget alert rules", () => {
  it("e-mails once when an ingest crosses the budget, not again when the same month is ingested again", async () => {
    const me = as("analyst@x.io", "analyst");
    const feb = await monthTotal("2025-02");
    const amount = (Number(feb) * 2).toFixed(2); // February at 50 %
    const budget = await me.budgets.create({ name: "All spend", amount, currency, period: "monthly" });
    const channel = await smtpChannel("analyst@x.io", "analyst");
    expect(JSON.stringify(channel)).not.toContain(smtp.password);
    const rule = await me.alertRules.create({ name: "Spend at 80 %", kind: "budget", params: { budgetId: budget!.id, basis: "actual", thresholdPct: 80 }, channelIds: [channel.id] });
    const preview = await me.alertRules.preview({ name: "p", kind: "budget", params: { budgetId: budget!.id, basis: "actual", thresholdPct: 80 } });
    expect(preview.firing).toEqual([]);
    expect(preview.current?.find((n) => n.label === "Actual")?.value).toBe(`${feb} ${currency}`);
    await deliverAll(await evaluateAlertRules(rt, { kind: "schedule" }));
    expect(smtp.mails).toHaveLength(0);

    // March, four times the rows: crosses 80 % of the budget.
    const march = await generated("2025-03", 400);
    const first = await ingest(march);
    expect(first.opened).toHaveLength(1);
    await deliverAll(first);
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    const actual = await monthTotal("2025-03");
    expect(mail.to).toEqual(["analyst@x.io"]);
    expect(mail.subject).toMatch(/^\[ABI\] Budget "All spend": spend at [\d.]+ % \(threshold 80 %\)$/);
    expect(mail.text).toContain(`Actual: ${actual} ${currency}`);
    expect(mail.text).toContain(`Budget: ${amount} ${currency}`);
    expect(mail.text).toContain(`Used: ${((Number(actual) / Number(amount)) * 100).toFixed(1)} %`);
    expect(mail.text).toContain("Scope: all billing data");
    expect(mail.text).toContain(`https://abi.test/budgets?budget=${budget!.id}`);

    // The same month again (a re-ingest replaces it): the alert is still open, nobody is told twice.
    const again = await ingest(march);
    expect(again.opened).toEqual([]);
    expect(again.deliveries).toEqual([]);
    await deliverAll(await evaluateAlertRules(rt, { kind: "schedule" }));
    expect(smtp.mails).toHaveLength(1);

    const listed = await me.alerts.list({ state: "all" });
    expect(listed.filter((a) => a.ruleId === rule.id)).toHaveLength(1);
    const [alert] = listed.filter((a) => a.ruleId === rule.id);
    expect(alert!.state).toBe("open");
    const log = await me.alerts.deliveries({ alertId: alert!.id });
    expect(log.map((d) => [d.attempt, d.ok, d.event])).toEqual([[1, true, "opened"]]);

    await me.alerts.acknowledge({ id: alert!.id });
    expect((await rt.db.select().from(alerts).where(eq(alerts.id, alert!.id)))[0]!.state).toBe("acknowledged");
    const actions = (await rt.db.select({ action: auditLog.action }).from(auditLog)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["alert_channel.create", "alert_rule.create", "alert.acknowledge"]));

    // Raising the budget clears the condition: the alert resolves itself and a "Resolved" mail goes out.
    await me.budgets.update({ id: budget!.id, name: "All spend", amount: (Number(actual) * 10).toFixed(2), currency, period: "monthly" });
    const cleared = await evaluateAlertRules(rt, { kind: "schedule" });
    expect(cleared.resolved).toEqual([alert!.id]);
    await deliverAll(cleared);
    expect(smtp.mails).toHaveLength(2);
    expect(smtp.mails[1]!.subject).toMatch(/^\[ABI\] Resolved: Budget "All spend"/);
    expect((await rt.db.select().from(alertDeliveries).where(eq(alertDeliveries.alertId, alert!.id))).map((d) => d.event)).toEqual(["opened", "resolved"]);
  }, 240_000);

  it("a scoped analyst's alert carries only their scope's numbers (SQL over their sub account)", async () => {
    const me = as("scoped@x.io", "viewer");
    const budget = await me.budgets.create({ name: "My sub", amount: "1", currency, period: "monthly" });
    const channel = await smtpChannel("scoped@x.io", "analyst");
    await me.alertRules.create({ name: "My sub over budget", kind: "budget", params: { budgetId: budget!.id, basis: "actual", thresholdPct: 100 }, channelIds: [channel.id] });
    const before = smtp.mails.length;
    const out = await evaluateAlertRules(rt, { kind: "schedule" });
    expect(out.opened).toHaveLength(1);
    await deliverAll(out);
    expect(smtp.mails).toHaveLength(before + 1);
    const mail = smtp.mails.at(-1)!;
    const mine = await monthTotal("2025-03", `SubAccountId = '${scopedSub.replace(/'/g, "''")}'`);
    const everything = await monthTotal("2025-03");
    expect(mine).not.toBe(everything);
    expect(mail.to).toEqual(["scoped@x.io"]);
    expect(mail.text).toContain(`Actual: ${mine} ${currency}`);
    expect(mail.text).not.toContain(everything);
    expect(mail.text).toContain(`Scope: sub account ${scopedSub}`);
  }, 120_000);

  it("refuses what a role may not do: shared channels and platform rules for scoped users, another's personal channel", async () => {
    const scoped = as("scoped@x.io", "viewer");
    await expect(scoped.alertChannels.create({ name: "team", plugin: "slack-webhook", config: {}, secrets: { webhookUrl: "https://hooks.slack.com/services/x" } })).rejects.toThrow(/Only an admin can make a shared channel/);
    await expect(scoped.alertRules.create({ name: "runs", kind: "run_failed", params: {} })).rejects.toThrow(/all billing data/);
    const others = (await as("analyst@x.io", "analyst").alertChannels.list()).filter((c) => c.mine);
    await expect(scoped.alertRules.create({ name: "steal", kind: "anomaly", params: {}, channelIds: [others[0]!.id] })).rejects.toThrow(/only use shared channels and your own/);
    expect((await scoped.alertChannels.list()).map((c) => c.name)).toEqual(["mail scoped@x.io"]);
  });
});
