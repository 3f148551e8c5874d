/**
 * Delivers a scheduled report: `planReportDelivery` lists its recipients; `deliverReportTo` renders
 * it for one of them, keeps the output in the platform object store under
 * `reports/<report>/<date>/<file>` and e-mails it through the report's channel, logging the attempt.
 * A user recipient gets the report rendered with their own scope; an address gets it rendered
 * with the report owner's scope (docs/reports.md).
 */
import { eq } from "drizzle-orm";
import { notificationChannels, reportDeliveries, scheduledReports, users } from "../db/schema";
import { resolveAccess } from "../access/resolve-access";
import { scopeLabel } from "../alerts/scope-label";
import { requireNotifierPlugin } from "../plugins/registry";
import { findInstallation } from "../plugins/registry-store";
import { platformObjectStore } from "../storage/platform-store";
import { decryptSecrets } from "../sources/secrets";
import type { Runtime } from "../runtime";
import { renderReport, reportPagePath } from "./render";

export class ReportRefusedError extends Error {
  override name = "ReportRefusedError";
}

export type ReportTrigger = "schedule" | "send_now";
/** One recipient: a user (rendered with their scope) or an address (rendered with the owner's). */
export type ReportRecipient = { kind: "user"; userId: string } | { kind: "email"; email: string };

async function loadReport(rt: Runtime, reportId: string) {
  const [report] = await rt.db.select().from(scheduledReports).where(eq(scheduledReports.id, reportId));
  if (!report) throw new ReportRefusedError("the report no longer exists");
  return report;
}

export async function planReportDelivery(rt: Runtime, reportId: string): Promise<ReportRecipient[]> {
  const report = await loadReport(rt, reportId);
  return [...report.recipientUserIds.map((userId) => ({ kind: "user" as const, userId })), ...report.recipientEmails.map((email) => ({ kind: "email" as const, email }))];
}

async function userEmail(rt: Runtime, userId: string): Promise<string> {
  const [u] = await rt.db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!u) throw new ReportRefusedError("the recipient's account no longer exists");
  return u.email;
}

/** The channel a report or digest is mailed through: an enabled e-mail notifier; a personal one only mails its owner. */
export async function mailChannel(rt: Runtime, channelId: string | null, ownerId: string, to: string) {
  if (!channelId) throw new ReportRefusedError("the report has no e-mail channel; pick one on the reports page");
  const [channel] = await rt.db.select().from(notificationChannels).where(eq(notificationChannels.id, channelId));
  if (!channel) throw new ReportRefusedError("the e-mail channel was deleted");
  const plugin = requireNotifierPlugin(channel.plugin);
  if (plugin.manifest.id !== "email-smtp") throw new ReportRefusedError(`"${channel.name}" is not an e-mail channel; reports travel as attachments`);
  const installation = await findInstallation(rt.db, channel.plugin);
  if (!installation || !installation.enabled) throw new ReportRefusedError(`the ${plugin.manifest.name} plugin is ${installation ? "disabled" : "not installed"}; an admin can enable it on the plugins page`);
  if (channel.ownerId && channel.ownerId !== ownerId) throw new ReportRefusedError(`"${channel.name}" is another user's personal channel`);
  if (channel.ownerId && (await userEmail(rt, channel.ownerId)) !== to) throw new ReportRefusedError(`"${channel.name}" is a personal channel: it only mails its owner`);
  return { channel, plugin, config: plugin.configSchema.parse(channel.config), secrets: decryptSecrets(rt.env, channel.secretCiphertext) };
}

export async function deliverReportTo(rt: Runtime, reportId: string, recipient: ReportRecipient, trigger: ReportTrigger, runAt: Date): Promise<{ objectKey: string; bytes: number }> {
  const report = await loadReport(rt, reportId);
  const to = recipient.kind === "user" ? await userEmail(rt, recipient.userId) : recipient.email;
  const renderUserId = recipient.kind === "user" ? recipient.userId : report.ownerId;
  const renderEmail = recipient.kind === "user" ? to : await userEmail(rt, report.ownerId);
  const renderedAs = recipient.kind === "user" ? to : `${renderEmail} (owner)`;
  const log = (ok: boolean, error: string | null, objectKey: string | null = null, bytes: number | null = null) =>
    rt.db.insert(reportDeliveries).values({ reportId, trigger, recipient: to, renderedAs, ok, error, objectKey, bytes });
  try {
    const { plugin, config, secrets } = await mailChannel(rt, report.channelId, report.ownerId, to);
    const access = await resolveAccess(rt.db, renderUserId);
    const out = await renderReport(rt, report, { access, email: renderEmail });
    const store = await platformObjectStore(rt);
    const objectKey = `reports/${report.id}/${runAt.toISOString().slice(0, 10)}/${to.replace(/[^A-Za-z0-9@._-]/g, "_")}-${out.filename}`;
    await store.put(objectKey, Buffer.from(out.content), { contentType: out.contentType });
    const period = out.period ? `${out.period.from} to ${out.period.to}` : "no data in scope";
    await plugin.send({ config, secrets }, {
      event: "report", alertId: report.id, ruleName: report.name, title: `Report "${report.name}" (${period})`,
      numbers: [{ label: "Period", value: period }, { label: "Format", value: report.format.toUpperCase() }],
      scope: scopeLabel(access.scope), link: new URL(reportPagePath(report, out.period ?? { from: "", to: "" }), report.linkOrigin).toString(),
      at: runAt.toISOString(), recipients: [to], attachments: [out],
    });
    await log(true, null, objectKey, out.content.length);
    return { objectKey, bytes: out.content.length };
  } catch (e) {
    await log(false, ((e as Error).message || String(e)).slice(0, 1000));
    throw e;
  }
}

/** Every recipient, one after the other (tests and the CLI; the workflow runs one activity each). */
export async function deliverReportNow(rt: Runtime, reportId: string, trigger: ReportTrigger, runAt = new Date()) {
  const results: { recipient: ReportRecipient; ok: boolean; error?: string }[] = [];
  for (const r of await planReportDelivery(rt, reportId)) {
    try {
      await deliverReportTo(rt, reportId, r, trigger, runAt);
      results.push({ recipient: r, ok: true });
    } catch (e) {
      results.push({ recipient: r, ok: false, error: (e as Error).message });
    }
  }
  return results;
}

