/**
 * Delivers one alert event to one channel through its notifier plugin and logs the attempt
 * (alert_deliveries: attempt, time, ok, error). A failure throws so the caller (a Temporal
 * activity) retries with backoff; `DeliveryRefusedError` is final (no channel, a personal
 * channel of someone else), retrying would not help.
 */
import { eq } from "drizzle-orm";
import { alertDeliveries, alertRules, alerts, notificationChannels, users } from "../db/schema";
import { requireNotifierPlugin } from "../plugins/registry";
import { findInstallation } from "../plugins/registry-store";
import type { NotifierMessage } from "../plugins/notifier-contract";
import type { Runtime } from "../runtime";
import { decryptSecrets } from "../sources/secrets";
import type { PendingDelivery } from "./evaluate-rules";

export class DeliveryRefusedError extends Error {
  override name = "DeliveryRefusedError";
}

async function load(rt: Runtime, d: PendingDelivery) {
  const [alert] = await rt.db.select().from(alerts).where(eq(alerts.id, d.alertId));
  if (!alert) throw new DeliveryRefusedError("the alert no longer exists");
  const [rule] = await rt.db.select().from(alertRules).where(eq(alertRules.id, alert.ruleId));
  const [channel] = await rt.db.select().from(notificationChannels).where(eq(notificationChannels.id, d.channelId));
  return { alert, rule: rule!, channel };
}

export async function deliverAlert(rt: Runtime, d: PendingDelivery, attempt: number): Promise<{ detail: string }> {
  const { alert, rule, channel } = await load(rt, d);
  const log = (ok: boolean, error: string | null) =>
    rt.db.insert(alertDeliveries).values({ alertId: alert.id, channelId: channel?.id ?? null, channelName: channel?.name ?? "(deleted channel)", event: d.event, attempt, ok, error });
  try {
    if (!channel) throw new DeliveryRefusedError("the channel was deleted");
    const plugin = requireNotifierPlugin(channel.plugin);
    const installation = await findInstallation(rt.db, channel.plugin);
    if (!installation || !installation.enabled) throw new DeliveryRefusedError(`the ${plugin.manifest.name} plugin is ${installation ? "disabled" : "not installed"}; an admin can enable it on the plugins page`);
    let recipients: string[] | undefined;
    if (channel.ownerId) {
      // A personal channel only ever tells its owner, and only about the owner's own rules.
      if (channel.ownerId !== rule.ownerId) throw new DeliveryRefusedError(`"${channel.name}" is another user's personal channel`);
      const [owner] = await rt.db.select({ email: users.email }).from(users).where(eq(users.id, channel.ownerId));
      if (!owner) throw new DeliveryRefusedError("the channel's owner no longer exists");
      recipients = [owner.email];
    }
    const message: NotifierMessage = {
      event: d.event, alertId: alert.id, ruleName: rule.name, title: alert.title, numbers: alert.numbers, scope: alert.scope, link: alert.link,
      at: (d.event === "resolved" ? alert.resolvedAt ?? new Date() : alert.openedAt).toISOString(), recipients,
    };
    const config = plugin.configSchema.parse(channel.config);
    const secrets = decryptSecrets(rt.env, channel.secretCiphertext);
    const result = await plugin.send({ config, secrets }, message);
    await log(true, null);
    return result;
  } catch (e) {
    await log(false, ((e as Error).message || String(e)).slice(0, 1000));
    throw e;
  }
}
