import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { resetEnvCache } from "~/domain/runtime/env";
import { openRuntime, migrateAll, type Runtime } from "~/domain/runtime";
import { auditLog, dataSources, pluginInstallations, plugins, pluginVersions } from "~/domain/db/schema";
import { registerPluginVersion } from "~/domain/plugins/registry-store";
import { addPluginImplementation } from "~/domain/plugins/implementations";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";
import { adminCaller } from "../helpers/admin-caller";
import { freshPostgresDatabase, serverMode } from "../helpers/server-mode";
import { widgetsAddon, widgetsV1, widgetsV2, widgetsV3 } from "./support/widgets-plugin";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The registry and lifecycle, the same checks on PGlite (embedded) and a real PostgreSQL (server). */
export function registrySuite(mode: "embedded" | "server") {
  const server = mode === "server" ? serverMode() : undefined;
  const suite = mode === "server" && !server ? describe.skip : describe;

  suite(`plugin registry (${mode})`, () => {
    let rt: Runtime;
    let admin: Awaited<ReturnType<typeof adminCaller>>;

    beforeAll(async () => {
      if (server) {
        process.env.ABI_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "abi-registry-server-"));
        process.env.DATABASE_URL = await freshPostgresDatabase(server.databaseUrl);
        process.env.ABI_SECRET_KEY = "registry-test-key";
        resetEnvCache();
        rt = await openRuntime({ migrate: true });
      } else {
        rt = await freshEmbeddedRuntime("registry");
      }
      admin = await adminCaller(rt);
      for (const p of [widgetsV1, widgetsV2, widgetsV3, widgetsAddon]) addPluginImplementation(p);
    });
    afterAll(async () => rt?.close());

    it("registers the built-ins at boot, installed and enabled, and a second boot changes nothing", async () => {
      await migrateAll(rt);
      const rows = await rt.db.select({ id: pluginVersions.pluginId, version: pluginVersions.version, source: pluginVersions.source }).from(pluginVersions);
      expect(rows.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
        { id: "azure-cost-details", version: "1.0.0", source: "builtin" },
        { id: "azure-exports-s3", version: "1.0.0", source: "builtin" },
        { id: "email-smtp", version: "1.0.0", source: "builtin" },
        { id: "file-upload", version: "1.0.0", source: "builtin" },
        { id: "focus-files", version: "1.0.0", source: "builtin" },
        { id: "signed-webhook", version: "1.0.0", source: "builtin" },
        { id: "slack-webhook", version: "1.0.0", source: "builtin" },
        { id: "teams-webhook", version: "1.0.0", source: "builtin" },
      ]);
      const list = await admin.plugins.list();
      expect(list.map((p) => [p.id, p.installedVersion, p.enabled, p.updateAvailable])).toEqual([
        ["azure-cost-details", "1.0.0", true, null],
        ["azure-exports-s3", "1.0.0", true, null],
        ["email-smtp", "1.0.0", true, null],
        ["file-upload", "1.0.0", true, null],
        ["focus-files", "1.0.0", true, null],
        ["signed-webhook", "1.0.0", true, null],
        ["slack-webhook", "1.0.0", true, null],
        ["teams-webhook", "1.0.0", true, null],
      ]);
    });

    it("links a source to its plugin's installation", async () => {
      const s = await admin.sources.create({ name: "Uploads", plugin: "file-upload" });
      const [row] = await rt.db.select({ installationId: dataSources.installationId }).from(dataSources).where(eq(dataSources.id, s.id));
      const [inst] = await rt.db.select({ id: pluginInstallations.id }).from(pluginInstallations).where(eq(pluginInstallations.pluginId, "file-upload"));
      expect(row?.installationId).toBe(inst?.id);
    });

    it("upserts a version: registering again updates it, not a second row", async () => {
      await registerPluginVersion(rt.db, widgetsV1, { source: "upload", changelog: "first", packageSha256: "a".repeat(64) });
      await registerPluginVersion(rt.db, widgetsV1, { source: "upload", changelog: "First release.", packageSha256: "b".repeat(64) });
      const rows = await rt.db.select().from(pluginVersions).where(eq(pluginVersions.pluginId, "test-widgets"));
      expect(rows.map((r) => [r.version, r.changelog, r.packageSha256])).toEqual([["1.0.0", "First release.", "b".repeat(64)]]);
      const [p] = await rt.db.select().from(plugins).where(eq(plugins.id, "test-widgets"));
      expect(p).toMatchObject({ kind: "source", name: "Test widgets", publisher: "ABI tests", category: "files" });
    });

    it("refuses an incompatible ABI range and an unmet dependency, with the reason", async () => {
      await registerPluginVersion(rt.db, widgetsV3, { source: "upload" });
      await registerPluginVersion(rt.db, widgetsAddon, { source: "upload" });
      await expect(admin.plugins.install({ id: "test-widgets", version: "3.0.0" })).rejects.toMatchObject({
        code: "CONFLICT",
        message: "cannot install: test-widgets 3.0.0 needs plugin API ^2.0.0; this ABI provides 1.0.0",
      });
      await expect(admin.plugins.install({ id: "test-widgets-addon" })).rejects.toMatchObject({
        code: "CONFLICT",
        message: "cannot install: test-widgets-addon 1.0.0 needs plugin test-widgets ^2.0.0, which is not installed",
      });
      await expect(admin.plugins.install({ id: "no-such-plugin" })).rejects.toMatchObject({ code: "NOT_FOUND" });
      const listed = (await admin.plugins.get({ id: "test-widgets" })).versions.map((v) => [v.version, v.incompatible]);
      expect(listed).toEqual([
        ["3.0.0", "test-widgets 3.0.0 needs plugin API ^2.0.0; this ABI provides 1.0.0"],
        ["1.0.0", null],
      ]);
    });

    it("installs, shows an update, upgrades with the config migrated, then rolls back", async () => {
      // Newest compatible version when none is named: 3.0.0 is incompatible, so 1.0.0.
      expect(await admin.plugins.install({ id: "test-widgets" })).toMatchObject({ installedVersion: "1.0.0", enabled: true, updateAvailable: null });
      const [inst] = await rt.db.select().from(pluginInstallations).where(eq(pluginInstallations.pluginId, "test-widgets"));
      await rt.db.update(pluginInstallations).set({ config: { endpoint: "https://install.example.com" } }).where(eq(pluginInstallations.id, inst!.id));
      const [src] = await rt.db.insert(dataSources).values({ name: "Widgets", plugin: "test-widgets", installationId: inst!.id, config: { endpoint: "https://w.example.com" } }).returning();

      await registerPluginVersion(rt.db, widgetsV2, { source: "upload", changelog: "endpoint is now url" });
      expect((await admin.plugins.get({ id: "test-widgets" })).updateAvailable).toBe("2.0.0");
      // The add-on's dependency is still unmet while 1.0.0 is installed.
      await expect(admin.plugins.install({ id: "test-widgets-addon" })).rejects.toMatchObject({ message: expect.stringContaining("1.0.0 is installed") });

      expect(await admin.plugins.upgrade({ id: "test-widgets" })).toMatchObject({ installedVersion: "2.0.0", previousVersion: "1.0.0", updateAvailable: null });
      const [afterUp] = await rt.db.select({ config: dataSources.config }).from(dataSources).where(eq(dataSources.id, src!.id));
      expect(afterUp?.config).toEqual({ url: "https://w.example.com", region: "eu" });
      const [instUp] = await rt.db.select({ config: pluginInstallations.config }).from(pluginInstallations).where(eq(pluginInstallations.id, inst!.id));
      expect(instUp?.config).toEqual({ url: "https://install.example.com", region: "eu" });
      await expect(admin.plugins.upgrade({ id: "test-widgets", version: "1.0.0" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("not a newer version") });
      await expect(admin.plugins.upgrade({ id: "test-widgets", version: "3.0.0" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("needs plugin API ^2.0.0") });

      expect(await admin.plugins.install({ id: "test-widgets-addon" })).toMatchObject({ installedVersion: "1.0.0" });
      await admin.plugins.uninstall({ id: "test-widgets-addon" });

      expect(await admin.plugins.rollback({ id: "test-widgets" })).toMatchObject({ installedVersion: "1.0.0", previousVersion: "2.0.0", updateAvailable: "2.0.0" });
      // The rollback restores the settings as they were under 1.0.0.
      const [afterBack] = await rt.db.select({ config: dataSources.config }).from(dataSources).where(eq(dataSources.id, src!.id));
      expect(afterBack?.config).toEqual({ endpoint: "https://w.example.com" });
      await expect(admin.plugins.rollback({ id: "test-widgets" })).resolves.toMatchObject({ installedVersion: "2.0.0" });
      const [again] = await rt.db.select({ config: dataSources.config }).from(dataSources).where(eq(dataSources.id, src!.id));
      expect(again?.config).toEqual({ url: "https://w.example.com", region: "eu" });
      const actions = await rt.db.select({ action: auditLog.action, target: auditLog.target }).from(auditLog).where(eq(auditLog.target, "test-widgets"));
      expect(actions.map((a) => a.action)).toEqual(["plugin.install", "plugin.upgrade", "plugin.rollback", "plugin.rollback"]);
      await rt.db.delete(dataSources).where(eq(dataSources.id, src!.id));
    });

    it("refuses to uninstall a plugin while a data source uses it; the source stays", async () => {
      await expect(admin.plugins.uninstall({ id: "file-upload" })).rejects.toMatchObject({
        code: "CONFLICT",
        message: "cannot uninstall file-upload: 1 data source(s) use it (Uploads); delete them first (their ingested data stays)",
      });
      expect((await admin.sources.list()).map((s) => s.name)).toContain("Uploads");
      expect(await admin.plugins.uninstall({ id: "test-widgets" })).toMatchObject({ installedVersion: null, enabled: false });
      await expect(admin.plugins.rollback({ id: "test-widgets" })).rejects.toMatchObject({ code: "NOT_FOUND", message: 'plugin "test-widgets" is not installed' });
    });

    it("a disabled plugin's sources refuse to run and no new source can use it; enabling lifts it", async () => {
      const src = await admin.sources.create({
        name: "Cost details",
        plugin: "azure-cost-details",
        config: { scope: { kind: "eaBillingAccount", billingAccountId: "8611537" }, tenantId: "t", clientId: "c" },
        secrets: { clientSecret: "s" },
      });
      expect(await admin.plugins.disable({ id: "azure-cost-details" })).toMatchObject({ enabled: false });
      const message = "Cost details cannot run: plugin azure-cost-details is disabled; an admin can enable it under Plugins";
      await expect(admin.ingestion.runNow({ sourceId: src.id, month: "2026-01" })).rejects.toMatchObject({ code: "CONFLICT", message });
      await expect(admin.ingestion.backfill({ sourceId: src.id, from: "2026-01", to: "2026-02" })).rejects.toMatchObject({ code: "CONFLICT", message });
      await expect(
        admin.sources.create({ name: "Another", plugin: "azure-cost-details", config: { scope: { kind: "eaBillingAccount", billingAccountId: "1" }, tenantId: "t", clientId: "c" }, secrets: { clientSecret: "s" } }),
      ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("is disabled") });
      expect(await admin.plugins.enable({ id: "azure-cost-details" })).toMatchObject({ enabled: true });
      const actions = await rt.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.target, "azure-cost-details"));
      expect(actions.map((a) => a.action)).toEqual(["plugin.disable", "plugin.enable"]);
      await admin.sources.delete({ id: src.id });
    });
  });
}
