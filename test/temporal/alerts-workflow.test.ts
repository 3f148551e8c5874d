import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createUser } from "~/domain/auth/bootstrap";
import { alertDeliveries, alerts } from "~/domain/db/schema";
import { startUpload } from "~/domain/ingestion/start-runs";
import { signedInAs } from "../helpers/signed-in-as";
import { startSmtpServer, type SmtpTestServer } from "../support/smtp-test-server";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";
import { createSource, generatedMonth, startHarness } from "./harness";

/**
 * The Temporal path: an upload run finishes → its hook starts `evaluateAlerts` → the delivery
 * activities send (retrying with backoff; each attempt in the delivery log).
 */
let h: Awaited<ReturnType<typeof startHarness>>;
let smtp: SmtpTestServer;
let receiver: WebhookReceiver;
const ids: Record<string, string> = {};
const as = signedInAs(() => h.rt, ids);

let uploads = 0;
async function upload(sourceId: string, files: { path: string; name: string }[]) {
  const run = await startUpload(h.rt, { sourceId, uploadId: `alerts-${process.pid}-${++uploads}`, files: files.map((f) => ({ ...f, bytes: fs.statSync(f.path).size })) });
  const client = await h.client();
  const ok = await client.workflow.getHandle(run.workflowId, run.runId).result().then(() => true, () => false);
  // The hook's child workflow: evaluation and every delivery (with its retries) are done when it returns.
  const evaluation = await client.workflow.getHandle(`alerts-after-${run.runId}`).result();
  return { ok, runId: run.runId, evaluation };
}

beforeAll(async () => {
  delete process.env.NEXTAUTH_URL;
  h = await startHarness();
  smtp = await startSmtpServer();
  receiver = await startWebhookReceiver(2);
  for (const [email, role] of [["admin@x.io", "admin"], ["analyst@x.io", "analyst"]] as const) ids[email] = (await createUser(h.rt.db, { email, role, password: "a-long-password" })).id;
}, 300_000);
afterAll(async () => {
  await smtp?.close();
  await receiver?.close();
  await h?.close();
});

describe("alerts in Temporal", () => {
  it("an upload that crosses a budget e-mails once; uploading the same month again does not", async () => {
    const me = as("analyst@x.io", "analyst");
    const source = await createSource(h.rt, "uploads", "file-upload", {});
    const budget = await me.budgets.create({ name: "Tiny", amount: "1", currency: "USD", period: "monthly" });
    const channel = await me.alertChannels.create({
      name: "me", plugin: "email-smtp", personal: true,
      config: { host: "localhost", port: smtp.port, from: "abi@example.com", caPem: smtp.ca }, secrets: { username: smtp.user, password: smtp.password },
    });
    await me.alertRules.create({ name: "Tiny crossed", kind: "budget", params: { budgetId: budget!.id, thresholdPct: 100 }, channelIds: [channel.id] });
    const gen = await generatedMonth("2025-03", 100);
    const files = [gen.actual, gen.amortized].map((f) => ({ path: f.path, name: path.basename(f.path) }));
    const first = await upload(source.id, files);
    expect(first.ok).toBe(true);
    expect(first.evaluation).toMatchObject({ opened: 1, delivered: 1, failed: 0 });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toEqual(["analyst@x.io"]);
    expect(smtp.mails[0]!.subject).toContain('Budget "Tiny"');
    const again = await upload(source.id, files);
    expect(again.ok).toBe(true);
    expect(again.evaluation).toMatchObject({ opened: 0, delivered: 0 });
    expect(smtp.mails).toHaveLength(1);
  });

  it("a failed run alerts a signed webhook that fails twice: three attempts in the delivery log, the last one ok", async () => {
    const admin = as("admin@x.io", "admin");
    const source = await createSource(h.rt, "broken uploads", "file-upload", {});
    const hook = await admin.alertChannels.create({ name: "ops hook", plugin: "signed-webhook", config: { url: `${receiver.url}/abi` }, secrets: { signingSecret: "ops-shared-secret-0123456789" } });
    const rule = await admin.alertRules.create({ name: "Runs of broken uploads", kind: "run_failed", params: { sourceId: source.id }, channelIds: [hook.id] });
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "abi-alerts-bad-")), "not-billing.csv");
    fs.writeFileSync(bad, "hello,world\n1,2\n");
    const run = await upload(source.id, [{ path: bad, name: "not-billing.csv" }]);
    expect(run.ok).toBe(false);
    expect(run.evaluation).toMatchObject({ opened: 1, delivered: 1, failed: 0 });
    const [alert] = await h.rt.db.select().from(alerts).where(eq(alerts.ruleId, rule.id));
    expect(alert!.title).toBe('Ingestion run of "broken uploads" failed');
    const log = await h.rt.db.select().from(alertDeliveries).where(eq(alertDeliveries.alertId, alert!.id)).orderBy(alertDeliveries.at);
    expect(log.map((d) => [d.attempt, d.ok])).toEqual([[1, false], [2, false], [3, true]]);
    expect(log[0]!.error).toMatch(/HTTP 500/);
    expect(receiver.requests.map((r) => r.status)).toEqual([500, 500, 200]);
    // Backoff: the retries are spread out (2 s, then 4 s), not immediate.
    expect(log[2]!.at.getTime() - log[0]!.at.getTime()).toBeGreaterThanOrEqual(5_000);
  });
});
