/**
 * The marketplace's procedures on a real embedded runtime (chDB + PGlite), a real Temporal server
 * with the worker in this process and a real S3 server (rclone) holding Azure exports: the install
 * wizard's path through the API (test connection → create with schedule → first run), then what the
 * plugin page and the installed-plugins dashboard tell. Expected rows come from SQL over ClickHouse.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { pluginInstallations } from "~/domain/db/schema";
import { monthsAgo } from "~/domain/ingestion/months";
import { createS3Client } from "~/domain/sources/s3-exports";
import { generateEaExports } from "~/domain/seed";
import { registerPluginVersion } from "~/domain/plugins/registry-store";
import { addPluginImplementation } from "~/domain/plugins/implementations";
import { putExportRun } from "../support/azure-export-fixtures";
import { startS3Server, type S3TestServer } from "../support/s3-server";
import { startConsoleSuite, eventually, type ConsoleSuite } from "../ingestion-console/console-suite";
import { widgetsAddon, widgetsV1 } from "../plugins/support/widgets-plugin";

const BUCKET = "billing";
const ROOT = "exports";
const MONTH = monthsAgo(1);

let suite: ConsoleSuite;
let s3: S3TestServer;
let sourceId: string;

const admin = () => suite.caller("admin");
const config = () => ({ endpoint: s3.endpoint, region: "us-east-1", bucket: BUCKET, prefix: ROOT, forcePathStyle: true, accessKeyId: s3.accessKeyId });

async function health(pluginId: string) {
  const [row] = await suite.rt.db.select({ health: pluginInstallations.health }).from(pluginInstallations).where(eq(pluginInstallations.pluginId, pluginId));
  return row?.health ?? null;
}

async function finished(workflowId: string, runId: string) {
  return eventually(async () => {
    const d = await admin().ingestion.detail({ workflowId, runId });
    return d.status !== "running" && d;
  });
}

beforeAll(async () => {
  s3 = await startS3Server({ buckets: [BUCKET] });
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "abi-marketplace-gen-"));
  const gen = await generateEaExports({ outDir: out, months: 1, rowsPerDay: 100, seed: 11, endMonth: MONTH });
  const client = createS3Client({ endpoint: s3.endpoint, bucket: BUCKET, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });
  for (const f of gen.files) {
    await putExportRun(client, {
      bucket: BUCKET, root: ROOT, exportName: `ea-${f.kind}`, month: f.month, submittedTime: `${MONTH}-20T06:00:00Z`,
      type: f.kind === "actual" ? "ActualCost" : "AmortizedCost", parts: [{ name: "part_0_0001.csv", body: fs.readFileSync(f.path), rowCount: f.rows }],
    });
  }
  fs.rmSync(out, { recursive: true, force: true });
  suite = await startConsoleSuite("marketplace");
}, 120_000);

afterAll(async () => {
  // A shared Temporal server outlives this file: leave no schedule behind.
  if (sourceId) await admin().sources.update({ id: sourceId, scheduleEnabled: false }).catch(() => undefined);
  await suite?.stop();
  await s3?.stop();
});

describe("marketplace", () => {
  it("checks typed settings inline with the plugin's schemas, each problem by form field", async () => {
    const issues = await admin().marketplace.checkSettings({ plugin: "azure-exports-s3", config: { endpoint: "ftp://example.com", bucket: "b" }, secrets: {} });
    expect(issues).toContainEqual({ field: "endpoint", message: "The S3 endpoint must be an http:// or https:// URL" });
    expect(issues.map((i) => i.field)).toContain("bucket");
    expect(await admin().marketplace.checkSettings({ plugin: "azure-exports-s3", config: config(), secrets: { secretAccessKey: s3.secretAccessKey } })).toEqual([]);
  });

  it("a connection test writes the installation's last test: failed, then ok, with its steps", async () => {
    expect(await health("azure-exports-s3")).toBeNull();
    const bad = await admin().sources.testConnection({ plugin: "azure-exports-s3", config: config(), secrets: { secretAccessKey: "wrong-secret" } });
    expect(bad.ok).toBe(false);
    const failed = await health("azure-exports-s3");
    expect(failed).toMatchObject({ ok: false, steps: [{ step: "list the prefix", ok: false }] });

    const good = await admin().sources.testConnection({ plugin: "azure-exports-s3", config: config(), secrets: { secretAccessKey: s3.secretAccessKey } });
    expect(good).toMatchObject({ ok: true, steps: [{ step: "list the prefix", ok: true }] });
    const ok = await health("azure-exports-s3");
    expect(ok).toMatchObject({ ok: true, steps: [{ step: "list the prefix", ok: true, message: good.ok ? good.message : "" }] });
    expect(Date.parse(ok!.testedAt)).toBeGreaterThanOrEqual(Date.parse(failed!.testedAt));
  });

  it("the dashboard shows the source made by the wizard: last run, rows (as ClickHouse counts them), failures, next scheduled run, last test", async () => {
    const created = await admin().sources.create({ name: "Wizard exports", plugin: "azure-exports-s3", config: config(), secrets: { secretAccessKey: s3.secretAccessKey }, scheduleEnabled: true, scheduleHourUtc: 4 });
    sourceId = created.id;
    const first = await admin().ingestion.runNow({ sourceId, month: MONTH });
    expect((await finished(first.workflowId, first.runId)).status).toBe("completed");
    // A month with no export fails: it counts as an error.
    const older = await admin().ingestion.runNow({ sourceId, month: monthsAgo(3) });
    expect((await finished(older.workflowId, older.runId)).status).toBe("failed");

    const rs = await suite.rt.ch.query({
      query: "SELECT count() AS n FROM focus_billing_data WHERE x_SourceId = {s:String} AND x_BillingMonth = {m:Date}",
      query_params: { s: sourceId, m: `${MONTH}-01` },
      format: "JSONEachRow",
    });
    const rows = Number((await rs.json<{ n: string }>())[0]!.n);
    expect(rows).toBeGreaterThan(0);

    const dash = await admin().marketplace.installed();
    expect(dash.map((p) => p.id).sort()).toEqual(["azure-cost-details", "azure-exports-s3", "email-smtp", "file-upload", "focus-files", "signed-webhook", "slack-webhook", "teams-webhook"]);
    const mine = dash.find((p) => p.id === "azure-exports-s3")!;
    expect(mine).toMatchObject({ version: "1.0.0", enabled: true, health: { ok: true }, errors: 1 });
    expect(mine.sources).toHaveLength(1);
    const s = mine.sources[0]!;
    expect(s).toMatchObject({ id: sourceId, name: "Wizard exports", scheduleEnabled: true, failedRuns: 1 });
    // The newest run is the failed one; it carries its reason.
    expect(s.lastRun).toMatchObject({ runId: older.runId, status: "failed", month: monthsAgo(3) });
    expect(s.lastRun!.error).toMatch(/no complete export run/);
    expect(new Date(s.nextRunAt!).getUTCHours()).toBe(4);

    // Run the good month again: the last run now carries the rows ClickHouse holds for it.
    const again = await admin().ingestion.runNow({ sourceId, month: MONTH });
    expect((await finished(again.workflowId, again.runId)).status).toBe("completed");
    const after = (await admin().marketplace.installed()).find((p) => p.id === "azure-exports-s3")!;
    expect(after.sources[0]!.lastRun).toMatchObject({ runId: again.runId, status: "completed", rowsLoaded: rows });
    expect(after.rowsLoaded).toBe(rows);
  }, 240_000);

  it("the plugin page tells where the secret goes, the sources using it, and blocks uninstall with the reason", async () => {
    const page = await admin().marketplace.page({ id: "azure-exports-s3" });
    expect(page).toMatchObject({ id: "azure-exports-s3", publisher: "ABI", icon: "🪣", homepage: "docs/plugins.md#built-in-plugins", abiVersion: "1.0.0", installedVersion: "1.0.0" });
    expect(page.secretHosts).toEqual({ fields: "S3 endpoint", secret: "secret access key", hosts: [s3.endpoint] });
    expect(page.capabilities).toEqual({ datasets: ["azure-actual", "azure-amortized", "focus"], pullsMonths: true, acceptsUploads: false, secretFields: ["secretAccessKey"] });
    expect(page.sources).toEqual([{ id: sourceId, name: "Wizard exports" }]);
    expect(page.versions).toEqual([expect.objectContaining({ version: "1.0.0", abi: "^1.0.0", abiMet: true, dependencyChecks: [], incompatible: null })]);
    expect(JSON.stringify(page)).not.toContain(s3.secretAccessKey);
    await expect(admin().plugins.uninstall({ id: "azure-exports-s3" })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("Wizard exports") });
  });

  it("the plugin page checks each dependency on its own, with the reason it is not met", async () => {
    addPluginImplementation(widgetsV1);
    addPluginImplementation(widgetsAddon);
    await registerPluginVersion(suite.rt.db, widgetsV1, { source: "upload", packageSha256: "c".repeat(64), changelog: "First." });
    await registerPluginVersion(suite.rt.db, widgetsAddon, { source: "upload" });
    const missing = await admin().marketplace.page({ id: "test-widgets-addon" });
    expect(missing.versions[0]!.dependencyChecks).toEqual([{ id: "test-widgets", range: "^2.0.0", installed: null, met: false, reason: "test-widgets is not installed" }]);
    expect(missing.installedVersion).toBeNull();

    await admin().plugins.install({ id: "test-widgets", version: "1.0.0" });
    const old = await admin().marketplace.page({ id: "test-widgets-addon" });
    expect(old.versions[0]!.dependencyChecks).toEqual([{ id: "test-widgets", range: "^2.0.0", installed: "1.0.0", met: false, reason: "test-widgets 1.0.0 is installed; ^2.0.0 is needed" }]);
    expect((await admin().marketplace.page({ id: "test-widgets" })).versions[0]).toMatchObject({ version: "1.0.0", packageSha256: "c".repeat(64), changelog: "First.", source: "upload" });
  });

  it("viewers and analysts get FORBIDDEN from the marketplace procedures", async () => {
    for (const role of ["viewer", "analyst"] as const) {
      await expect(suite.caller(role).marketplace.installed()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(suite.caller(role).marketplace.page({ id: "azure-exports-s3" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});
