/**
 * Notifier plugins go through the lifecycle like source plugins (PGlite): an upgrade moves every
 * alert channel's config through the new version's migrateConfig and channels then send with that
 * version; a rollback restores the configs exactly; uninstall is refused while a channel uses the
 * notifier, naming the channels. Expected configs are written by hand; stored rows are read with SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Runtime } from "~/domain/runtime";
import { auditLog, notificationChannels } from "~/domain/db/schema";
import { registerPluginVersion } from "~/domain/plugins/registry-store";
import { addPluginImplementation } from "~/domain/plugins/implementations";
import { findNotifierPlugin } from "~/domain/plugins/registry";
import { signedWebhookNotifier } from "~/domain/plugins/builtin/signed-webhook";
import { defineNotifierPlugin, type NotifierPlugin } from "~/domain/plugins/notifier-contract";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";
import { adminCaller } from "../helpers/admin-caller";

/** A test-only 2.0.0 of the signed webhook: `url` becomes `endpoint`, plus a `timeoutSeconds`. */
const signedV2: NotifierPlugin = defineNotifierPlugin({
  ...(signedWebhookNotifier as NotifierPlugin),
  manifest: { ...signedWebhookNotifier.manifest, version: "2.0.0" },
  configSchema: z.object({ endpoint: z.url(), timeoutSeconds: z.number() }),
  migrateConfig(from, config) {
    // The installation's own config is empty: nothing to move.
    if (!from.startsWith("1.") || Object.keys(config).length === 0) return config;
    if (typeof config.url !== "string") throw new Error("the 1.x config has no url");
    return { endpoint: config.url, timeoutSeconds: 10 };
  },
});

let rt: Runtime;
let admin: Awaited<ReturnType<typeof adminCaller>>;
beforeAll(async () => {
  rt = await freshEmbeddedRuntime("notifier-lifecycle");
  admin = await adminCaller(rt);
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

const storedConfig = async (id: string) => (await rt.db.select({ config: notificationChannels.config }).from(notificationChannels).where(eq(notificationChannels.id, id)))[0]!.config;

describe("notifier plugin lifecycle", () => {
  it("upgrades with every channel's config migrated, rolls back to the exact configs, and refuses uninstall while channels use it", async () => {
    const a = await admin.alertChannels.create({ name: "Ops hook", plugin: "signed-webhook", config: { url: "https://hooks.example.com/ops" }, secrets: { signingSecret: "a-signing-secret-of-16+" } });
    const b = await admin.alertChannels.create({ name: "Billing hook", plugin: "signed-webhook", config: { url: "https://hooks.example.com/billing" }, secrets: { signingSecret: "a-signing-secret-of-16+" } });
    await registerPluginVersion(rt.db, signedV2, { source: "upload", changelog: "url is now endpoint" });
    addPluginImplementation(signedV2);

    expect(await admin.plugins.upgrade({ id: "signed-webhook" })).toMatchObject({ installedVersion: "2.0.0", previousVersion: "1.0.0" });
    expect(await storedConfig(a.id)).toEqual({ endpoint: "https://hooks.example.com/ops", timeoutSeconds: 10 });
    expect(await storedConfig(b.id)).toEqual({ endpoint: "https://hooks.example.com/billing", timeoutSeconds: 10 });
    // Channels now send with the version the installation is on.
    expect(findNotifierPlugin("signed-webhook")!.manifest.version).toBe("2.0.0");

    expect(await admin.plugins.rollback({ id: "signed-webhook" })).toMatchObject({ installedVersion: "1.0.0", previousVersion: "2.0.0" });
    expect(await storedConfig(a.id)).toEqual({ url: "https://hooks.example.com/ops" });
    expect(await storedConfig(b.id)).toEqual({ url: "https://hooks.example.com/billing" });
    expect(findNotifierPlugin("signed-webhook")!.manifest.version).toBe("1.0.0");

    const audited = await rt.db.select({ action: auditLog.action, details: auditLog.details }).from(auditLog).where(eq(auditLog.target, "signed-webhook"));
    expect(audited.map((r) => [r.action, (r.details as { channels?: number }).channels])).toEqual([["plugin.upgrade", 2], ["plugin.rollback", 2]]);

    await expect(admin.plugins.uninstall({ id: "signed-webhook" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "cannot uninstall signed-webhook: 2 alert channel(s) use it (Billing hook, Ops hook); delete those channels first",
    });
    await admin.alertChannels.remove({ id: a.id });
    await admin.alertChannels.remove({ id: b.id });
    expect(await admin.plugins.uninstall({ id: "signed-webhook" })).toMatchObject({ installedVersion: null });
  }, 120_000);
});
