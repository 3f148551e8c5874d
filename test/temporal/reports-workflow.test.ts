import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "~/domain/auth/bootstrap";
import { ingestFiles } from "~/domain/ingest";
import { workflowHandle } from "~/domain/workflows/client";
import { workflows } from "~/domain/workflows/contract";
import { signedInAs } from "../helpers/signed-in-as";
import { startSmtpServer, type SmtpTestServer } from "../support/smtp-test-server";
import { mailAttachments } from "../support/mail-attachments";
import { generatedMonth, startHarness } from "./harness";
import { DIGEST_SCHEDULE_ID } from "~/domain/reports/schedule";

/** "Send now" through tRPC on a real Temporal server and the real worker: the deliverReport workflow mails each recipient. */
let h: Awaited<ReturnType<typeof startHarness>>;
let smtp: SmtpTestServer;
const ids: Record<string, string> = {};
const as = signedInAs(() => h.rt, ids);

beforeAll(async () => {
  delete process.env.NEXTAUTH_URL;
  h = await startHarness();
  smtp = await startSmtpServer();
  for (const [email, role] of [["admin@x.io", "admin"], ["analyst@x.io", "analyst"]] as const) ids[email] = (await createUser(h.rt.db, { email, role, password: "a-long-password" })).id;
  await ingestFiles(h.rt.ch, { sourceId: "reports-wf", files: await generatedMonth("2025-03", 100).then((g) => [g.actual.path, g.amortized.path]) });
}, 300_000);
afterAll(async () => {
  await smtp?.close();
  await h?.close();
});

describe("scheduled reports in Temporal", () => {
  it("the worker made the hourly weekly-digest schedule", async () => {
    // The worker creates it as it starts (in the background of beforeAll): wait for it a little.
    const handle = (await h.client()).schedule.getHandle(DIGEST_SCHEDULE_ID);
    let described = await handle.describe().catch(() => null);
    for (let i = 0; i < 40 && !described; i++) described = await new Promise((r) => setTimeout(r, 500)).then(() => handle.describe().catch(() => null));
    if (!described) throw new Error("no weekly digest schedule");
    expect(described.action.workflowType).toBe("weeklyDigest");
    expect(described.spec.calendars?.[0]?.minute?.[0]?.start).toBe(5);
  });

  it("Send now starts deliverReport; each recipient's CSV arrives and is logged; without a channel the refusal is final and reported", async () => {
    const admin = as("admin@x.io", "admin");
    const channel = await admin.alertChannels.create({
      name: "Reports mail", plugin: "email-smtp", personal: false,
      config: { host: "localhost", port: smtp.port, security: "starttls", from: "abi@example.com", caPem: smtp.ca },
      secrets: { username: smtp.user, password: smtp.password },
    });
    const me = as("analyst@x.io", "analyst");
    const report = await me.reports.create({
      name: "Daily costs", page: "costs", format: "csv", frequency: "daily", timeOfDay: "06:00", timeZone: "Asia/Tokyo",
      recipientUserIds: [ids["analyst@x.io"]!], recipientEmails: ["team@example.com"], channelId: channel.id,
    });
    const { workflowId } = await me.reports.sendNow({ id: report.id });
    const result = await workflowHandle(await h.client(), workflows.deliverReport, workflowId).result();
    expect(result).toEqual({ recipients: 2, delivered: 2, failed: [] });
    const mails = smtp.mails.filter((m) => m.subject.includes("Daily costs"));
    expect(mails.map((m) => m.to[0]).sort()).toEqual(["analyst@x.io", "team@example.com"]);
    for (const m of mails) expect(mailAttachments(m.raw)[0]!.content.toString("utf8")).toMatch(/^ServiceName,Currency,EffectiveCost\r\n/);
    const log = await me.reports.deliveries({ id: report.id });
    expect(log.map((l) => [l.recipient, l.ok, l.trigger]).sort()).toEqual([["analyst@x.io", true, "send_now"], ["team@example.com", true, "send_now"]]);
    expect(log.every((l) => l.objectKey?.startsWith(`reports/${report.id}/`))).toBe(true);
    // The channel removed: a refusal, final (no retries), in the log.
    await admin.alertChannels.remove({ id: channel.id });
    const again = await me.reports.sendNow({ id: report.id });
    const failed = await workflowHandle(await h.client(), workflows.deliverReport, again.workflowId).result();
    expect(failed.delivered).toBe(0);
    expect(failed.failed[0]!.error).toMatch(/no e-mail channel/);
  });
});
