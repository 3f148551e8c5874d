/**
 * The worker runs the plugin version pinned on the run: the example package focus-http is
 * registered, installed and run by the real ingestSourceMonth workflow on a real Temporal server
 * and the real worker (which loads the package with import()); the workflow input carries the
 * version, and the run list shows the id and version each run ran with, before and after an
 * upgrade.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMonthRun } from "~/domain/ingestion/start-runs";
import { listRuns } from "~/domain/ingestion/list-runs";
import { createSource } from "~/domain/sources/manage-sources";
import { installPlugin, upgradePlugin } from "~/domain/plugins/lifecycle";
import { registerPluginPackage } from "~/domain/plugins/packages/register-package";
import { packageHomeFromEnv } from "~/domain/plugins/packages/package-home";
import { focusHttpV1, focusHttpV2 } from "../plugins/support/plugin-package";
import { startHarness } from "./harness";

const FIXTURE = path.resolve(__dirname, "../fixtures/focus-1.0/focus_sample.csv");
const MONTH = "2024-09";

let h: Awaited<ReturnType<typeof startHarness>>;
let server: http.Server;
let baseUrl: string;

beforeAll(async () => {
  h = await startHarness();
  const csv = readFileSync(FIXTURE);
  server = http.createServer((req, res) => (req.url === `/f/${MONTH}/focus.csv` ? res.writeHead(200).end(csv) : res.writeHead(404).end()));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/f`;
});

afterAll(async () => {
  server?.close();
  await h?.close();
});

describe("a plugin package through the ingestSourceMonth workflow", () => {
  it("the workflow input pins the version; each run lists the plugin id and version it ran with", async () => {
    const home = packageHomeFromEnv(h.rt.env);
    await registerPluginPackage(h.rt.db, home, await focusHttpV1(), { source: "upload" });
    await installPlugin(h.rt.db, { pluginId: "focus-http" }, {});
    const source = await createSource(h.rt, { name: "http-focus", plugin: "focus-http", config: { baseUrl }, secrets: {} });
    const client = await h.client();

    const first = await startMonthRun(h.rt, { sourceId: source.id, month: MONTH });
    await client.workflow.getHandle(first.workflowId, first.runId).result();
    const history = await client.workflow.getHandle(first.workflowId, first.runId).fetchHistory();
    const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
    expect(JSON.parse(Buffer.from(input!).toString("utf8"))).toEqual({ sourceId: source.id, month: MONTH, pluginVersion: "1.0.0" });

    await registerPluginPackage(h.rt.db, home, await focusHttpV2(), { source: "upload" });
    await upgradePlugin(h.rt.db, { pluginId: "focus-http" }, {});
    const second = await startMonthRun(h.rt, { sourceId: source.id, month: MONTH });
    await client.workflow.getHandle(second.workflowId, second.runId).result();

    const runs = await listRuns(h.rt, { sourceId: source.id });
    expect(runs.map((r) => [r.runId, r.status, r.plugin])).toEqual([
      [second.runId, "completed", { id: "focus-http", version: "2.0.0" }],
      [first.runId, "completed", { id: "focus-http", version: "1.0.0" }],
    ]);
  });
});
