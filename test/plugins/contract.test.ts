/**
 * Each built-in honours the plugin contract (src/domain/plugins/contract.ts): a valid manifest,
 * schemas that accept its own example, and capabilities that agree with each other. Expected
 * values are written out by hand or checked with the semver package, not derived from the plugins.
 */
import semver from "semver";
import { describe, expect, it } from "vitest";
import { ABI_PLUGIN_API_VERSION, DATASET_KINDS } from "~/domain/plugins/contract";
import { findSourcePlugin, requireSourcePlugin, sourcePluginIds, sourcePlugins, uploadSourcePlugin, UnknownPluginError } from "~/domain/plugins/registry";
import { pluginForm } from "~/domain/sources/plugin-form";

describe("the plugin registry", () => {
  it("lists the four built-ins once each, and refuses an unknown id by name", () => {
    expect([...sourcePluginIds()].sort()).toEqual(["azure-cost-details", "azure-exports-s3", "file-upload", "focus-files"]);
    expect(findSourcePlugin("no-such-plugin")).toBeUndefined();
    expect(() => requireSourcePlugin("no-such-plugin")).toThrow(UnknownPluginError);
    expect(() => requireSourcePlugin("no-such-plugin")).toThrow(/unknown data-source plugin "no-such-plugin"; known: .*file-upload/);
  });

  it("names file-upload as the plugin that takes files for a new source name", () => {
    expect(uploadSourcePlugin().manifest.id).toBe("file-upload");
  });
});

describe.each(sourcePlugins().map((p) => [p.manifest.id, p] as const))("built-in %s", (id, plugin) => {
  it("has a complete manifest: semver version, an ABI range this ABI satisfies, valid dependency ranges", () => {
    const m = plugin.manifest;
    expect(plugin.kind).toBe("source");
    expect(m.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(semver.valid(m.version)).toBe(m.version);
    expect(semver.validRange(m.abi)).not.toBeNull();
    expect(semver.satisfies(ABI_PLUGIN_API_VERSION, m.abi)).toBe(true);
    for (const range of Object.values(m.dependencies)) expect(semver.validRange(range)).not.toBeNull();
    for (const field of [m.name, m.publisher, m.description, m.category, m.icon, m.homepage]) expect(field.trim()).not.toBe("");
  });

  it("parses its example config and secrets, and refuses unknown or missing secret fields", () => {
    expect(plugin.configSchema.safeParse(plugin.example.config).success).toBe(true);
    expect(plugin.secretsSchema.safeParse(plugin.example.secrets).success).toBe(true);
    const secretKeys = Object.keys(plugin.example.secrets);
    if (secretKeys.length > 0) expect(plugin.secretsSchema.safeParse({}).success).toBe(false);
  });

  it("has capabilities that agree: pulling ⇔ extractMonth, a month window only when pulling, it pulls or takes uploads (or both)", () => {
    expect(typeof plugin.extractMonth === "function").toBe(plugin.pullsMonths);
    if (plugin.listAvailableMonths) expect(plugin.pullsMonths).toBe(true);
    expect(plugin.acceptsUploads || plugin.pullsMonths).toBe(true);
    expect(plugin.datasets.length).toBeGreaterThan(0);
    for (const d of plugin.datasets) expect(DATASET_KINDS).toContain(d);
  });

  it("binds a stored secret to hosts named by its config (a plugin with secrets has secretHosts)", () => {
    const hasSecrets = Object.keys(plugin.example.secrets).length > 0;
    expect(plugin.secretHosts !== undefined).toBe(hasSecrets);
    if (!plugin.secretHosts) return;
    const config = plugin.configSchema.parse(plugin.example.config);
    const hosts = plugin.secretHosts.hosts(config);
    expect(hosts.length).toBeGreaterThan(0);
    for (const h of hosts) expect(() => new URL(h)).not.toThrow();
  });

  it("migrates a config saved by its own version to one its schema accepts", () => {
    const config = plugin.configSchema.parse(plugin.example.config);
    expect(plugin.configSchema.safeParse(plugin.migrateConfig(plugin.manifest.version, config)).success).toBe(true);
  });

  it("generates its admin form from its schemas: every secret is a password field", () => {
    const form = pluginForm(id);
    expect(form.title).toBe(plugin.manifest.name);
    expect(form.fields.filter((f) => f.kind === "secret").map((f) => f.key).sort()).toEqual(Object.keys(plugin.example.secrets).sort());
  });
});

describe("capabilities of the built-ins, by hand", () => {
  it("file-upload takes uploads and has nothing to connect to", async () => {
    const p = requireSourcePlugin("file-upload");
    expect([p.acceptsUploads, p.pullsMonths]).toEqual([true, false]);
    expect(await p.testConnection({}, {})).toEqual([{ step: "connect", ok: true, message: "File-upload sources have nothing to connect to.", latencyMs: 0 }]);
  });

  it("azure-cost-details serves the current month and the 12 before it", () => {
    const available = requireSourcePlugin("azure-cost-details").listAvailableMonths!(new Date("2026-12-05T10:00:00Z"));
    expect(available.months).toEqual([
      "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06",
      "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12",
    ]);
    expect(available.why("2025-11")).toMatch(/more than 13 months back.*2025-12 to 2026-12/);
  });

  it("azure-exports-s3 has no window of months and binds its secret to the S3 endpoint", () => {
    const p = requireSourcePlugin("azure-exports-s3");
    expect(p.listAvailableMonths).toBeUndefined();
    expect(p.secretHosts!.hosts({ endpoint: "http://minio.internal:9000" })).toEqual(["http://minio.internal:9000"]);
  });

  it("azure-cost-details binds its secret to the Entra ID and Resource Manager hosts, the public cloud by default", () => {
    const p = requireSourcePlugin("azure-cost-details");
    expect(p.secretHosts!.hosts({})).toEqual(["https://login.microsoftonline.com", "https://management.azure.com"]);
  });

  it("focus-files pulls months and takes uploads, delivers FOCUS only, and binds its keys to the S3 endpoint", () => {
    const p = requireSourcePlugin("focus-files");
    expect([p.acceptsUploads, p.pullsMonths, p.datasets]).toEqual([true, true, ["focus"]]);
    expect(p.listAvailableMonths).toBeUndefined();
    expect(p.secretHosts!.hosts({ endpoint: "https://s3.eu-west-1.amazonaws.com" })).toEqual(["https://s3.eu-west-1.amazonaws.com"]);
    expect(p.configSchema.parse({ endpoint: "http://minio:9000", bucket: "billing" })).toMatchObject({ monthLayout: "month-folder", focusVersion: "auto", prefix: "" });
    expect(p.configSchema.safeParse({ endpoint: "http://minio:9000", bucket: "billing", focusVersion: "0.5" }).success).toBe(false);
  });

  it("a secret missing from the test is reported as the first step, before any request", async () => {
    const s3 = await requireSourcePlugin("azure-exports-s3").testConnection({ endpoint: "http://127.0.0.1:9", bucket: "b", prefix: "", region: "us-east-1", forcePathStyle: true, accessKeyId: "k" }, {});
    expect(s3).toEqual([{ step: "list the prefix", ok: false, message: "Enter the secret access key", latencyMs: 0 }]);
    const focus = await requireSourcePlugin("focus-files").testConnection({ endpoint: "http://127.0.0.1:9", bucket: "b", prefix: "", region: "us-east-1", forcePathStyle: true, monthLayout: "month-folder", focusVersion: "auto" }, { accessKeyId: "k" });
    expect(focus).toEqual([{ step: "list the prefix", ok: false, message: "Enter the access key and the secret key", latencyMs: 0 }]);
  });
});
