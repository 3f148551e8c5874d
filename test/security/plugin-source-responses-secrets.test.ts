import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { appRouter } from "~/server/api/root";
import { pluginInstallations } from "~/domain/db/schema";
import { encryptSecrets } from "~/domain/sources/secrets";
import { registerPluginVersion } from "~/domain/plugins/registry-store";
import { addPluginImplementation } from "~/domain/plugins/implementations";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";
import { adminCaller } from "../helpers/admin-caller";
import { widgetsV1, widgetsV2 } from "../plugins/support/widgets-plugin";

/**
 * Issue 11: no response of the plugins, sources or marketplace router carries a secret. Every procedure of
 * these routers is called (the test fails when one is added without a call here) and each answer, or
 * error message, is searched for the secret values and their stored ciphertexts.
 */
const SOURCE_SECRET = "walk-secret-source-7f3a9c";
const INSTALL_SECRET = "walk-secret-install-2b8d1e";

let rt: Runtime;
let admin: Awaited<ReturnType<typeof adminCaller>>;

beforeAll(async () => {
  rt = await freshEmbeddedRuntime("secrets-walk");
  admin = await adminCaller(rt);
  for (const p of [widgetsV1, widgetsV2]) {
    addPluginImplementation(p);
    await registerPluginVersion(rt.db, p, { source: "upload" });
  }
});
afterAll(async () => rt?.close());

describe("plugins and sources responses", () => {
  it("never contain a secret", async () => {
    const azure = { scope: { kind: "eaBillingAccount", billingAccountId: "8611537" }, tenantId: "t", clientId: "c" };
    const source = await admin.sources.create({ name: "Cost details", plugin: "azure-cost-details", config: azure, secrets: { clientSecret: SOURCE_SECRET } });
    const ciphertexts = [] as string[];
    const calls: Record<string, () => Promise<unknown>> = {
      "sources.plugins": () => admin.sources.plugins(),
      "sources.list": () => admin.sources.list(),
      "sources.get": () => admin.sources.get({ id: source.id }),
      "sources.create": () => admin.sources.create({ name: "Second", plugin: "azure-cost-details", config: azure, secrets: { clientSecret: SOURCE_SECRET } }),
      "sources.update": () => admin.sources.update({ id: source.id, name: "Cost details 2", secrets: { clientSecret: SOURCE_SECRET } }),
      "sources.testConnection": () => admin.sources.testConnection({ plugin: "file-upload", config: {}, secrets: { x: SOURCE_SECRET } }),
      "plugins.install": async () => {
        const r = await admin.plugins.install({ id: "test-widgets", version: "1.0.0" });
        // The installation holds secrets, encrypted as a source's are.
        const envelope = encryptSecrets(rt.env, { token: INSTALL_SECRET });
        ciphertexts.push(envelope);
        await rt.db.update(pluginInstallations).set({ secretCiphertext: envelope, config: { endpoint: "https://w.example.com" } }).where(eq(pluginInstallations.pluginId, "test-widgets"));
        return r;
      },
      "plugins.list": () => admin.plugins.list(),
      "plugins.get": () => admin.plugins.get({ id: "test-widgets" }),
      "marketplace.page": async () => [await admin.marketplace.page({ id: "test-widgets" }), await admin.marketplace.page({ id: "azure-cost-details" })],
      "marketplace.installed": () => admin.marketplace.installed(),
      "marketplace.checkSettings": () => admin.marketplace.checkSettings({ plugin: "azure-cost-details", config: azure, secrets: { clientSecret: SOURCE_SECRET } }),
      "plugins.disable": () => admin.plugins.disable({ id: "test-widgets" }),
      "plugins.enable": () => admin.plugins.enable({ id: "test-widgets" }),
      "plugins.upgrade": () => admin.plugins.upgrade({ id: "test-widgets" }),
      "plugins.rollback": () => admin.plugins.rollback({ id: "test-widgets" }),
      "plugins.uninstall": () => admin.plugins.uninstall({ id: "test-widgets" }),
      "sources.delete": () => admin.sources.delete({ id: source.id }),
    };
    const procedures = Object.keys(appRouter._def.procedures).filter((p) => p.startsWith("plugins.") || p.startsWith("sources.") || p.startsWith("marketplace."));
    expect(procedures.filter((p) => !(p in calls)), "procedures this test does not call").toEqual([]);

    const answers: string[] = [];
    for (const [name, call] of Object.entries(calls)) {
      const answer = await call().then(
        (r) => JSON.stringify(r),
        (err: unknown) => `error ${String(err)}`,
      );
      // Each call is meant to succeed, so the walk sees real answers, not refusals.
      expect(answer.startsWith("error"), `${name}: ${answer}`).toBe(false);
      answers.push(`${name} ${answer}`);
    }
    for (const a of answers) {
      for (const secret of [SOURCE_SECRET, INSTALL_SECRET, ...ciphertexts]) expect(a, a.slice(0, 80)).not.toContain(secret);
      expect(a).not.toMatch(/secretCiphertext|secret_ciphertext|previousConfigs/);
    }
  });
});
