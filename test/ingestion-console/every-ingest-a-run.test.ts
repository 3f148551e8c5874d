import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "~/domain/runtime/env";
import { openRuntime, type Runtime } from "~/domain/runtime";
import { stopTemporal } from "~/domain/runtime/temporal";
import { createUser } from "~/domain/auth/bootstrap";
import type { Role } from "~/domain/db/schema";
import { appRouter } from "~/server/api/root";
import { createCallerFactory } from "~/server/api/trpc";
import type { RunRow } from "~/domain/ingestion/list-runs";

/**
 * Finding 3 and item 4 of issue 10: runs made by the CLI (`abi seed`, `abi ingest`) are listed by
 * `abi runs --json` and ingestion.list with their files and SHA-256, and the provenance of a
 * dashboard number names the runs whose rows add up to it, within the caller's billing scope.
 * Expected values come from node:crypto over the fixture and SQL over focus_billing_data.
 */
const run = promisify(execFile);
const FIXTURE = path.resolve("test/fixtures/azure-ea/EA_AmortizedCost_Small.csv");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-every-run-"));
const temporal = process.env.TEST_TEMPORAL_ADDRESS ?? "";

async function abi(args: string[]) {
  const env = { ...process.env, ABI_DATA_DIR: dataDir, CLICKHOUSE_URL: "", DATABASE_URL: "", TEMPORAL_ADDRESS: temporal, TEMPORAL_TASK_QUEUE: `abi-every-run-${process.pid}` };
  const { stdout } = await run(process.execPath, ["bin/abi.mjs", ...args], { env, maxBuffer: 1 << 24 });
  return stdout;
}

let rt: Runtime;
let cliRuns: RunRow[];
let seededMonths: string[];
const ids: Record<string, string> = {};
const factory = createCallerFactory(appRouter);
const as = (email: string, role: Role = "viewer") =>
  factory({ rt, db: rt.db, ch: rt.ch, headers: new Headers(), session: { expires: "2999-01-01", user: { id: ids[email]!, email, name: "", role } } });
const admin = () => as("admin@x.io", "admin");

async function sql<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  return (await rt.ch.query({ query, query_params: params, format: "JSONEachRow" })).json<T>();
}
const lastDay = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
const cents = (x: string | number) => Math.round(Number(x) * 100);

beforeAll(async () => {
  seededMonths = (JSON.parse(await abi(["seed", "--months", "2", "--rows-per-day", "100", "--json"])) as { months: string[] }).months;
  await abi(["ingest", FIXTURE, "--source", "fixture", "--json"]);
  cliRuns = JSON.parse(await abi(["runs", "--json"])) as RunRow[];

  // The CLI processes have exited: this process opens the same data directory.
  process.env.ABI_DATA_DIR = dataDir;
  delete process.env.CLICKHOUSE_URL;
  delete process.env.DATABASE_URL;
  delete process.env.REDIS_URL;
  process.env.TEMPORAL_ADDRESS = temporal;
  resetEnvCache();
  rt = await openRuntime({ migrate: true });
  for (const [email, role] of [["admin@x.io", "admin"], ["analyst@x.io", "analyst"]] as const) ids[email] = (await createUser(rt.db, { email, role, password: "a-long-password" })).id;
}, 300_000);

afterAll(async () => {
  await rt?.close();
  await stopTemporal();
});

describe("every ingest is a run", () => {
  it("abi runs --json lists each seeded month and the abi ingest run, with files and SHA-256", async () => {
    expect(seededMonths).toHaveLength(2);
    const seeds = cliRuns.filter((r) => r.type === "seed");
    expect(seeds.map((r) => r.month).sort()).toEqual([...seededMonths].sort());
    for (const r of seeds) {
      expect(r).toMatchObject({ workflowId: "seed", sourceName: "demo-ea", status: "completed" });
      expect(r.files.length).toBeGreaterThan(0);
      for (const f of r.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    const ingest = cliRuns.find((r) => r.type === "cli-ingest");
    expect(ingest).toMatchObject({ workflowId: "cli-ingest", sourceName: "fixture", status: "completed", month: "2023-09" });
    const expected = createHash("sha256").update(fs.readFileSync(FIXTURE)).digest("hex");
    expect(ingest!.files).toEqual([{ name: "EA_AmortizedCost_Small.csv", sha256: expected, rows: 28 }]);
    // Newest first.
    expect(cliRuns.map((r) => r.startedAt)).toEqual([...cliRuns.map((r) => r.startedAt)].sort().reverse());
  });

  it("ingestion.list shows the same runs, and the run detail has steps, files and the validation report", async () => {
    const listed = await as("analyst@x.io", "analyst").ingestion.list({ limit: 100 });
    // Only the runs this file made: the Temporal server is shared with other test files.
    const direct = (runs: { type: string; runId: string }[]) => runs.filter((r) => r.type === "cli-ingest" || r.type === "seed").map((r) => r.runId).sort();
    expect(direct(listed)).toEqual(direct(cliRuns));
    const ingest = listed.find((r) => r.type === "cli-ingest")!;
    const detail = await as("analyst@x.io", "analyst").ingestion.detail({ workflowId: ingest.workflowId, runId: ingest.runId });
    expect(detail.files.map((f) => [f.name, f.sha256])).toEqual([["EA_AmortizedCost_Small.csv", createHash("sha256").update(fs.readFileSync(FIXTURE)).digest("hex")]]);
    expect(detail.steps.map((s) => s.name)).toEqual(expect.arrayContaining(["stage", "convert", "validate", "swap"]));
    const { n } = (await sql<{ n: string }>("SELECT count() AS n FROM validation_results FINAL WHERE run_id = {r:String}", { r: ingest.runId }))[0]!;
    expect(detail.validation).toHaveLength(Number(n));
    expect(Number(n)).toBeGreaterThan(0);
  });

  it("a detail of an unknown direct run is NOT_FOUND", async () => {
    await expect(admin().ingestion.detail({ workflowId: "seed", runId: "00000000-0000-4000-8000-000000000001" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("where does this number come from", () => {
  const range = () => ({ from: `${seededMonths[0]}-01`, to: lastDay(seededMonths[1]!), filters: [] });

  it("the KPI total is the sum of its (source, month) parts, each loaded by a listed seed run", async () => {
    const kpi = await admin().costs.explore({ ...range(), metric: "EffectiveCost" });
    const p = await admin().provenance.explain({ ...range(), metric: "EffectiveCost" });
    const oracle = await sql<{ currency: string; total: string }>(
      "SELECT BillingCurrency AS currency, toString(sum(EffectiveCost)) AS total FROM focus_billing_data WHERE ChargePeriodStart >= {f:DateTime} AND ChargePeriodStart < addDays({t:DateTime}, 1) GROUP BY currency ORDER BY currency",
      { f: `${range().from} 00:00:00`, t: `${range().to} 00:00:00` },
    );
    expect(oracle.length).toBeGreaterThan(0);
    for (const o of oracle) {
      const parts = p.parts.filter((x) => x.currency === o.currency);
      expect(parts.reduce((s, x) => s + cents(x.value), 0)).toBe(cents(o.total));
      expect(cents(p.totals.find((t) => t.currency === o.currency)!.value)).toBe(cents(o.total));
      expect(cents(kpi.totals.find((t) => t.currency === o.currency)!.value)).toBe(cents(o.total));
      expect(parts.reduce((s, x) => s + Number(x.share), 0)).toBeCloseTo(1, 4);
    }
    const seedRuns = cliRuns.filter((r) => r.type === "seed");
    expect([...new Set(p.parts.map((x) => x.runId))].sort()).toEqual(seedRuns.map((r) => r.runId).sort());
    expect(p.parts.map((x) => x.billingMonth).sort()).toEqual([...seededMonths].sort());
    for (const r of p.runs) {
      expect(r.origin).toBe("seed");
      expect(r.files.map((f) => f.sha256)).toEqual(seedRuns.find((s) => s.runId === r.runId)!.files.map((f) => f.sha256));
      expect(r.totals!.length).toBeGreaterThan(0);
    }
  });

  it("a table row's provenance (a filter on its value) adds up to that row", async () => {
    const explored = await admin().costs.explore({ ...range(), groupBy: "ServiceName", metric: "BilledCost" });
    const row = explored.rows[0]!;
    const p = await admin().provenance.explain({ ...range(), metric: "BilledCost", filters: [{ dim: "ServiceName", op: "in", values: [row.group] }] });
    expect(p.parts.filter((x) => x.currency === row.currency).reduce((s, x) => s + cents(x.value), 0)).toBe(cents(row.value));
  });

  it("a scoped viewer sees only the runs and cost within their grants", async () => {
    // The fixture's billing account: rows only in the abi ingest run (2023-09).
    const { ba } = (await sql<{ ba: string }>("SELECT any(BillingAccountId) AS ba FROM focus_billing_data WHERE x_IngestRunId = {r:String}", { r: cliRuns.find((r) => r.type === "cli-ingest")!.runId }))[0]!;
    const { sub } = (await sql<{ sub: string }>("SELECT SubAccountId AS sub FROM focus_billing_data WHERE x_SourceId = {s:String} AND SubAccountId IS NOT NULL GROUP BY sub ORDER BY count(), sub LIMIT 1", { s: cliRuns.find((r) => r.type === "seed")!.sourceId }))[0]!;
    for (const [email, grant] of [["ba@x.io", { scopeKind: "billing_account", scopeValue: ba }], ["sub@x.io", { scopeKind: "sub_account", scopeValue: sub }]] as const) {
      ids[email] = (await createUser(rt.db, { email, role: "viewer", password: "a-long-password" })).id;
      await admin().grants.setDataAccess({ userId: ids[email]!, dataAccess: "granted" });
      await admin().grants.create({ userId: ids[email]!, role: "viewer", ...grant });
    }
    // The seeded months: the fixture's account has nothing there, the admin sees both seed runs.
    expect((await as("ba@x.io").provenance.explain(range())).parts).toEqual([]);
    expect((await as("ba@x.io").provenance.explain(range())).runs).toEqual([]);
    const fixtureMonth = { from: "2023-09-01", to: "2023-09-30", filters: [] };
    const mine = await as("ba@x.io").provenance.explain(fixtureMonth);
    expect(mine.runs.map((r) => r.origin)).toEqual(["cli-ingest"]);
    expect(mine.runs[0]!.totals).toBeNull(); // the whole run's totals include rows outside a limited scope

    const bySub = await as("sub@x.io").provenance.explain(range());
    const oracle = await sql<{ run: string; month: string; cost: string }>(
      "SELECT x_IngestRunId AS run, toString(x_BillingMonth) AS month, toString(sum(EffectiveCost)) AS cost FROM focus_billing_data WHERE SubAccountId = {s:String} AND ChargePeriodStart >= {f:DateTime} AND ChargePeriodStart < addDays({t:DateTime}, 1) GROUP BY run, month ORDER BY month",
      { s: sub, f: `${range().from} 00:00:00`, t: `${range().to} 00:00:00` },
    );
    expect(oracle.length).toBeGreaterThan(0);
    expect(bySub.parts.map((x) => [x.runId, `${x.billingMonth}-01`, cents(x.value)])).toEqual(oracle.map((o) => [o.run, o.month, cents(o.cost)]));
    expect(bySub.runs.map((r) => r.runId).sort()).toEqual([...new Set(oracle.map((o) => o.run))].sort());
  });
});
