/**
 * A third-party plugin end to end, with no edit to ABI: the example package
 * (examples/plugins/focus-http) is packed into a .tgz, uploaded through the real route handler,
 * installed (unpacked under the data directory and import()ed), a source of it is created, a month
 * is pulled from a local HTTP server serving a FOCUS fixture and ingested through the activity's
 * steps; then version 2 is uploaded, the installation upgraded (config migrated) and rolled back.
 * Expected totals come from SQL over the fixture file (ClickHouse file()), the expected sha256
 * from node:crypto over the .tgz.
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "~/domain/runtime";
import { dataSources, pluginVersions } from "~/domain/db/schema";
import { createSource } from "~/domain/sources/manage-sources";
import { extractSourceMonth } from "~/domain/ingestion/extract";
import { stageStep, convertStep, validateStep, swapStep } from "~/domain/ingest";
import { installPlugin, rollbackPlugin, upgradePlugin } from "~/domain/plugins/lifecycle";
import { findSourcePlugin } from "~/domain/plugins/registry";
import { pluginForm } from "~/domain/sources/plugin-form";
import { packageHomeFromEnv } from "~/domain/plugins/packages/package-home";
import { POST as packagesPost } from "~/app/api/plugins/packages/route";
import { rows } from "../focus/helpers";
import { addUser, openIdentityRuntime, sessionCookie } from "../identity/identity-harness";
import { focusHttpV1, focusHttpV2 } from "./support/plugin-package";

const FOCUS_10 = path.resolve(__dirname, "../fixtures/focus-1.0/focus_sample.csv");
const MONTH = "2024-09";
const TOKEN = "focus-http-test-token";

let rt: Runtime;
let server: http.Server;
let baseUrl: string;
let cookie: string;
const requests: { url: string; auth: string | undefined }[] = [];

async function upload(file: string, who = cookie) {
  const form = new FormData();
  form.append("package", new Blob([await readFile(file)]), path.basename(file));
  const res = await packagesPost(new Request("http://localhost/api/plugins/packages", { method: "POST", headers: { cookie: who }, body: form }));
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const sha256 = async (file: string) => createHash("sha256").update(await readFile(file)).digest("hex");

async function fixtureTotals() {
  return rows<{ currency: string; billed: string }>(
    rt.ch,
    "SELECT BillingCurrency AS currency, toString(sum(toDecimal128(BilledCost, 10))) AS billed FROM file({p:String}, 'CSVWithNames', 'BillingCurrency String, BilledCost String') GROUP BY currency ORDER BY currency",
    { p: FOCUS_10 },
  );
}

async function ingestMonth(sourceId: string, pluginVersion?: string) {
  const runId = randomUUID();
  const extracted = await extractSourceMonth(rt, { sourceId, month: MONTH, runId, pluginVersion });
  let run = await stageStep(rt.ch, { sourceId, runId, files: extracted.files.map((f) => f.path), fileNames: extracted.files.map((f) => f.name) });
  run = await convertStep(rt.ch, run);
  run = await validateStep(rt.ch, run);
  const report = await swapStep(rt.ch, run);
  const quarantined = new Map(report.totals.map((t) => [t.currency, t.quarantinedBilledCost]));
  const loaded = await rows<{ currency: string; billed: string }>(
    rt.ch,
    "SELECT BillingCurrency AS currency, toString(sum(toDecimal128(BilledCost, 10))) AS billed FROM focus_billing_data WHERE x_IngestRunId = {r:String} GROUP BY currency ORDER BY currency",
    { r: runId },
  );
  const totals = loaded.map((l) => ({ currency: l.currency, billed: (Number(l.billed) + Number(quarantined.get(l.currency) ?? 0)).toFixed(6) }));
  const [plugin] = await rows<{ plugin_id: string; plugin_version: string }>(rt.ch, "SELECT plugin_id, plugin_version FROM ingest_run_plugins FINAL WHERE run_id = {r:String}", { r: runId });
  return { runId, extracted, totals, plugin };
}

beforeAll(async () => {
  rt = await openIdentityRuntime("focus-http");
  const admin = await addUser(rt, "plugin-admin@example.com", "admin");
  cookie = await sessionCookie({ sub: admin.id, email: admin.email, signedInAt: Date.now() });
  const csv = await readFile(FOCUS_10);
  server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? "", auth: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end();
    if (req.url === `/exports/${MONTH}/focus.csv`) return void res.writeHead(200, { "content-type": "text/csv" }).end(csv);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/exports`;
}, 120_000);

afterAll(async () => {
  server?.close();
  await rt?.close();
});

describe("focus-http: a third-party package uploaded, installed, run, upgraded and rolled back", () => {
  it("adding the source kind needed no edit outside its package: src/ and worker/ never name it", async () => {
    const root = path.resolve(__dirname, "../..");
    const { readdirSync, readFileSync } = await import("node:fs");
    const naming = ["src", "worker"].flatMap((dir) =>
      (readdirSync(path.join(root, dir), { recursive: true }) as string[])
        .filter((f) => /\.(ts|tsx|mjs|js|json)$/.test(f))
        .filter((f) => readFileSync(path.join(root, dir, f), "utf8").includes("focus-http"))
        .map((f) => `${dir}/${f}`),
    );
    expect(naming).toEqual([]);
  });

  let v1: string;
  let sourceId: string;

  it("the upload answers the package's sha256 and compatibility and registers it without installing", async () => {
    v1 = await focusHttpV1();
    const { status, body } = await upload(v1);
    expect(status).toBe(201);
    expect(body).toMatchObject({ id: "focus-http", version: "1.0.0", name: "FOCUS files over HTTP", sha256: await sha256(v1), compatible: true });
    expect(body.reason).toBeUndefined();
    expect(body.manifest).toMatchObject({ abi: "^1.0.0", publisher: "ABI examples" });
    const [row] = await rt.db.select().from(pluginVersions).where(eq(pluginVersions.pluginId, "focus-http"));
    expect(row).toMatchObject({ version: "1.0.0", source: "upload", packageSha256: await sha256(v1) });
    expect(await packageHomeFromEnv(rt.env).store.exists("plugins/focus-http/1.0.0.tgz")).toBe(true);
    expect(findSourcePlugin("focus-http")).toBeUndefined(); // registered, not installed
  });

  it("install unpacks it under the data directory, loads it, and its form is generated from its schema", async () => {
    await installPlugin(rt.db, { pluginId: "focus-http" }, {});
    expect(existsSync(path.join(rt.env.dataDir, "plugins/installed/focus-http/1.0.0/index.js"))).toBe(true);
    expect(findSourcePlugin("focus-http")?.manifest.version).toBe("1.0.0");
    const form = pluginForm("focus-http");
    expect(form.fields.map((f) => [f.key, f.kind])).toEqual([["baseUrl", "url"], ["pathTemplate", "text"], ["token", "secret"]]);
  });

  it("a month pulled over HTTP with the bearer token is ingested with the fixture's BilledCost per currency, and the run records focus-http 1.0.0", async () => {
    sourceId = (await createSource(rt, { name: "http-focus", plugin: "focus-http", config: { baseUrl, pathTemplate: "{month}/focus.csv" }, secrets: { token: TOKEN } })).id;
    const { extracted, totals, plugin } = await ingestMonth(sourceId);
    expect(extracted.files.map((f) => f.name)).toEqual(["focus.csv"]);
    expect(extracted.bytes).toBe((await readFile(FOCUS_10)).length);
    expect(requests.at(-1)).toEqual({ url: `/exports/${MONTH}/focus.csv`, auth: `Bearer ${TOKEN}` });
    const expected = (await fixtureTotals()).map((t) => ({ currency: t.currency, billed: Number(t.billed).toFixed(6) }));
    expect(expected.length).toBeGreaterThan(0);
    expect(totals).toEqual(expected);
    expect(plugin).toEqual({ plugin_id: "focus-http", plugin_version: "1.0.0" });
  });

  it("version 2 upgrades the installation with the source's config migrated; a run pinned to 1.0.0 still runs 1.0.0's code; rollback restores the config", async () => {
    const v2 = await focusHttpV2();
    const { body } = await upload(v2);
    expect(body).toMatchObject({ id: "focus-http", version: "2.0.0", compatible: true, sha256: await sha256(v2) });
    await upgradePlugin(rt.db, { pluginId: "focus-http" }, {});
    const configOf = async () => (await rt.db.select({ c: dataSources.config }).from(dataSources).where(eq(dataSources.id, sourceId)))[0]!.c;
    expect(await configOf()).toEqual({ baseUrl, monthPath: "{month}/focus.csv" });
    expect(findSourcePlugin("focus-http")?.manifest.version).toBe("2.0.0");
    expect(pluginForm("focus-http").fields.map((f) => f.key)).toEqual(["baseUrl", "monthPath", "token"]);
    expect((await ingestMonth(sourceId)).plugin).toEqual({ plugin_id: "focus-http", plugin_version: "2.0.0" });
    // A run started before the upgrade carries 1.0.0 in its workflow input: it runs 1.0.0's code.
    expect((await ingestMonth(sourceId, "1.0.0")).plugin).toEqual({ plugin_id: "focus-http", plugin_version: "1.0.0" });

    await rollbackPlugin(rt.db, "focus-http", {});
    expect(await configOf()).toEqual({ baseUrl, pathTemplate: "{month}/focus.csv" });
    expect(findSourcePlugin("focus-http")?.manifest.version).toBe("1.0.0");
    const again = await ingestMonth(sourceId);
    expect(again.plugin).toEqual({ plugin_id: "focus-http", plugin_version: "1.0.0" });
    expect(again.totals).toEqual((await fixtureTotals()).map((t) => ({ currency: t.currency, billed: Number(t.billed).toFixed(6) })));
  });
});
