/**
 * The typed workflow contract and the workflows page's data, on a real Temporal server with the
 * real worker: workflows started by their contract entry return typed results and answer the typed
 * progress query; the executions list shows a completed and a failed run with the duration,
 * attempts and failure Temporal itself reports; the admin's pause / resume / trigger change the
 * schedule in Temporal and are audited. Expected values come from Temporal's own API
 * (describe, result, schedule describe) and from SQL over the stores, never from the code under test.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { ScheduleOverlapPolicy, WorkflowFailedError } from "@temporalio/client";
import { count } from "drizzle-orm";
import { auditLog, users } from "~/domain/db/schema";
import { createUser } from "~/domain/auth/bootstrap";
import { syncSourceSchedule } from "~/domain/ingestion/schedules";
import { executeWorkflow, scheduledStart, startWorkflow, workflowHandle } from "~/domain/workflows/client";
import { progressQuery, workflows } from "~/domain/workflows/contract";
import { listExecutions } from "~/domain/workflows/executions";
import { listSchedules } from "~/domain/workflows/schedules";
import { createCaller } from "~/server/api/root";
import { createTRPCContext } from "~/server/api/trpc";
import { sessionCookie, TEST_SECRET } from "../identity/identity-harness";
import { createSource, startHarness } from "./harness";

const FIXTURE = path.resolve(__dirname, "../fixtures/azure-ea/EA_AmortizedCost_Small.csv");

let h: Awaited<ReturnType<typeof startHarness>>;
let tmp: string;

beforeAll(async () => {
  process.env.NEXTAUTH_SECRET = TEST_SECRET;
  h = await startHarness();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "abi-wf-monitor-"));
}, 180_000);

afterAll(async () => {
  await h?.close();
});

/** A copy of a file in a place the upload workflow reads from. */
function uploaded(name: string, body: string | Buffer) {
  const p = path.join(tmp, `${Date.now()}-${name}`);
  fs.writeFileSync(p, body);
  return { path: p, name, bytes: fs.statSync(p).size };
}

/** Temporal's own account of a closed execution: duration and the root cause of its failure. */
async function temporalFacts(workflowId: string, runId: string) {
  const handle = (await h.client()).workflow.getHandle(workflowId, runId);
  const d = await handle.describe();
  let failure: string | null = null;
  await handle.result().catch((err: unknown) => {
    expect(err).toBeInstanceOf(WorkflowFailedError);
    let e = err as Error;
    while (e.cause instanceof Error) e = e.cause;
    failure = e.message;
  });
  return { status: d.status.name, seconds: (d.closeTime!.getTime() - d.startTime.getTime()) / 1000, failure };
}

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("the workflow contract", () => {
  let upload: { workflowId: string; runId: string; sourceId: string };
  const selfCheckId = `self-check-${Date.now()}`;

  it("executes selfCheck by its contract entry and gets its typed result", async () => {
    const client = await h.client();
    const result = await executeWorkflow(client, workflows.selfCheck, { args: [], taskQueue: h.rt.env.TEMPORAL_TASK_QUEUE, workflowId: selfCheckId });
    const [n] = await h.rt.db.select({ n: count() }).from(users);
    const [version] = await (await h.rt.ch.query({ query: "SELECT version() AS v", format: "JSONEachRow" })).json<{ v: string }>();
    expect(result).toEqual({ clickhouseVersion: version!.v, users: Number(n!.n), workerPid: process.pid });
  });

  it("starts ingestUpload by contract, returns the typed report and answers the typed progress query", async () => {
    const source = await createSource(h.rt, "uploads", "file-upload", {});
    const client = await h.client();
    const handle = await startWorkflow(client, workflows.ingestUpload, {
      args: [{ sourceId: source.id, files: [uploaded("EA_AmortizedCost_Small.csv", fs.readFileSync(FIXTURE))] }],
      taskQueue: h.rt.env.TEMPORAL_TASK_QUEUE,
      workflowId: `upload-contract-${Date.now()}`,
      memo: { sourceId: source.id },
    });
    upload = { workflowId: handle.workflowId, runId: handle.firstExecutionRunId, sourceId: source.id };
    const report = await handle.result();
    const [stored] = await (await h.rt.ch.query({ query: "SELECT count() AS n FROM focus_billing_data WHERE x_SourceId = {s:String}", query_params: { s: source.id }, format: "JSONEachRow" })).json<{ n: string }>();
    expect(report.rows.loaded).toBe(Number(stored!.n));
    expect(report.rows.loaded).toBeGreaterThan(0);
    expect(report.restatements).toBe(0);

    const progress = await workflowHandle(client, workflows.ingestUpload, upload.workflowId, upload.runId).query(progressQuery);
    expect(progress.step).toBe("done");
    expect(progress.rowsLoaded).toBe(report.rows.loaded);
    expect(progress.steps.map((s) => s.name)).toEqual(["stage", "convert", "validate", "swap", "data quality"]);
    expect(progress.steps.every((s) => s.startedAt && s.finishedAt)).toBe(true);
  });

  it("refuses input the workflow cannot run before it reaches Temporal", async () => {
    const client = await h.client();
    await expect(
      startWorkflow(client, workflows.ingestSourceMonth, { args: [{ sourceId: "s", month: "2025-13" }], taskQueue: h.rt.env.TEMPORAL_TASK_QUEUE, workflowId: `bad-${Date.now()}` }),
    ).rejects.toThrow(/YYYY-MM/);
  });

  describe("the executions list", () => {
    let failed: { workflowId: string; runId: string };
    let retried: { workflowId: string; runId: string };

    beforeAll(async () => {
      const client = await h.client();
      // A file no dataset recipe reads fails the run at once (IngestInputError is not retried) ...
      const bad = await startWorkflow(client, workflows.ingestUpload, {
        args: [{ sourceId: upload.sourceId, files: [uploaded("not-billing.csv", "colour,shape\nred,round\n")] }],
        taskQueue: h.rt.env.TEMPORAL_TASK_QUEUE,
        workflowId: `upload-bad-${Date.now()}`,
      });
      // ... a file that is not on the worker's disk is retried (4 attempts, load-steps.ts) before it fails.
      const gone = await startWorkflow(client, workflows.ingestUpload, {
        args: [{ sourceId: upload.sourceId, files: [{ path: path.join(tmp, "removed.csv"), name: "removed.csv", bytes: 10 }] }],
        taskQueue: h.rt.env.TEMPORAL_TASK_QUEUE,
        workflowId: `upload-gone-${Date.now()}`,
      });
      failed = { workflowId: bad.workflowId, runId: bad.firstExecutionRunId };
      retried = { workflowId: gone.workflowId, runId: gone.firstExecutionRunId };
      await Promise.all([bad.result().catch(() => undefined), gone.result().catch(() => undefined)]);
    }, 120_000);

    it("shows the completed and the failed runs with Temporal's duration and failure", async () => {
      const client = await h.client();
      const list = await eventually(() => listExecutions(client, { type: "ingestUpload" }), (r) => r.filter((x) => x.status !== "running").length >= 3);
      const byRun = new Map(list.map((r) => [r.runId, r]));

      const ok = byRun.get(upload.runId)!;
      const okFacts = await temporalFacts(upload.workflowId, upload.runId);
      expect(ok).toMatchObject({ type: "ingestUpload", status: "completed", failure: null, attempts: 1 });
      expect(ok.seconds).toBeCloseTo(okFacts.seconds, 3);

      const bad = byRun.get(failed.runId)!;
      const badFacts = await temporalFacts(failed.workflowId, failed.runId);
      expect(badFacts.status).toBe("FAILED");
      expect(bad).toMatchObject({ status: "failed", failure: badFacts.failure, attempts: 1 });
      expect(bad.seconds).toBeCloseTo(badFacts.seconds, 3);

      const gone = byRun.get(retried.runId)!;
      const goneFacts = await temporalFacts(retried.workflowId, retried.runId);
      expect(gone).toMatchObject({ status: "failed", failure: goneFacts.failure, attempts: 4 });
      expect(gone.failure).toContain("removed.csv is not on this worker's disk");
    });

    it("filters by workflow type and by status", async () => {
      const client = await h.client();
      const failedOnly = await listExecutions(client, { status: "failed" });
      expect(failedOnly.map((r) => r.runId)).toEqual(expect.arrayContaining([failed.runId, retried.runId]));
      expect(failedOnly.map((r) => r.runId)).not.toContain(upload.runId);
      expect(new Set(failedOnly.map((r) => r.status))).toEqual(new Set(["failed"]));
      const selfChecks = await listExecutions(client, { type: "selfCheck" });
      expect(new Set(selfChecks.map((r) => r.type))).toEqual(new Set(["selfCheck"]));
      expect(selfChecks.find((r) => r.workflowId === selfCheckId)).toMatchObject({ status: "completed", failure: null });
    });
  });
});

describe("schedules on the workflows page", () => {
  const scheduleId = `self-check-every-day-${Date.now()}`;
  let adminCaller: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    const client = await h.client();
    await client.schedule.create({
      scheduleId,
      spec: { calendars: [{ hour: 4, minute: 30 }] },
      action: scheduledStart(workflows.selfCheck, { args: [], taskQueue: h.rt.env.TEMPORAL_TASK_QUEUE }),
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
    const admin = await createUser(h.rt.db, { email: "ops@example.com", password: "a-long-password", role: "admin" });
    const cookie = await sessionCookie({ sub: admin.id, email: admin.email, name: "", role: "admin", signedInAt: Date.now() });
    adminCaller = createCaller(await createTRPCContext({ headers: new Headers({ cookie }) }));
  });

  it("lists a data source's daily schedule and others with their next run time from Temporal", async () => {
    const source = await createSource(h.rt, "focus-bucket", "focus-files", { endpoint: "http://127.0.0.1:9", bucket: "billing", prefix: "p" }, { accessKeyId: "k", secretAccessKey: "s" });
    await syncSourceSchedule(h.rt, { id: source.id, scheduleEnabled: true, scheduleHourUtc: 3, plugin: "focus-files" });
    const client = await h.client();
    const { rows } = await eventually(() => adminCaller.workflows.schedules(), (r) => r.rows.length >= 2);
    const daily = rows.find((r) => r.scheduleId === `daily-${source.id}`)!;
    const truth = await client.schedule.getHandle(`daily-${source.id}`).describe();
    expect(daily).toMatchObject({ workflowType: "dailySourceIngest", paused: false, when: "daily at 03:00 UTC", sourceId: source.id, sourceName: "focus-bucket", nextRunAt: truth.info.nextActionTimes[0]!.toISOString() });
    expect(new Date(daily.nextRunAt!).getUTCHours()).toBe(3);
    expect(rows.find((r) => r.scheduleId === scheduleId)).toMatchObject({ workflowType: "selfCheck", when: "daily at 04:30 UTC" });
  });

  it("pauses, resumes and triggers a schedule in Temporal, each audited", async () => {
    const handle = (await h.client()).schedule.getHandle(scheduleId);
    await adminCaller.workflows.pauseSchedule({ scheduleId });
    expect((await handle.describe()).state).toMatchObject({ paused: true, note: "paused by ops@example.com in ABI" });
    expect((await listSchedules(await h.client())).find((s) => s.scheduleId === scheduleId)).toMatchObject({ paused: true, nextRunAt: null });

    await adminCaller.workflows.resumeSchedule({ scheduleId, note: "maintenance over" });
    expect((await handle.describe()).state).toMatchObject({ paused: false, note: "maintenance over" });

    await adminCaller.workflows.triggerSchedule({ scheduleId });
    const d = await eventually(() => handle.describe(), (x) => x.info.recentActions.length >= 1);
    expect(d.info.numActionsTaken).toBe(1);
    const started = d.info.recentActions[0]!.action.workflow;
    const result = await (await h.client()).workflow.getHandle(started.workflowId, started.firstExecutionRunId).result();
    expect(result).toMatchObject({ workerPid: process.pid });
    const client = await h.client();
    const listed = await eventually(() => listExecutions(client, { type: "selfCheck" }), (r) => r.some((x) => x.runId === started.firstExecutionRunId));
    expect(listed.find((x) => x.runId === started.firstExecutionRunId)).toMatchObject({ status: "completed" });

    const audits = await h.rt.db.select({ action: auditLog.action, actor: auditLog.actorEmail }).from(auditLog).where(and(eq(auditLog.target, scheduleId)));
    expect(audits.map((a) => a.action).sort()).toEqual(["schedule.pause", "schedule.resume", "schedule.trigger"]);
    expect(new Set(audits.map((a) => a.actor))).toEqual(new Set(["ops@example.com"]));
  });

  it("answers NOT_FOUND for a schedule that does not exist", async () => {
    await expect(adminCaller.workflows.pauseSchedule({ scheduleId: "no-such-schedule" })).rejects.toMatchObject({ code: "NOT_FOUND", message: "There is no schedule no-such-schedule" });
  });
});

