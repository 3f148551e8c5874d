import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { auditLog } from "~/domain/db/schema";
import { loadWorkerModule } from "~/domain/runtime/worker-loader";
import { temporalClient } from "~/domain/runtime/temporal";
import { BACKUP_SCHEDULE_ID } from "~/domain/backup/workflows";
import { pruneBackups } from "~/domain/backup/catalog";
import { localFolderStore } from "~/domain/storage/local-folder-store";
import { adminCaller } from "../helpers/admin-caller";
import { loadSampleData, openFresh } from "./round-trip";

// A real Temporal server (scripts/test-services.sh); without one this file fails, it does not skip.
const temporalAddress = process.env.TEST_TEMPORAL_ADDRESS;

describe("the backups page's procedures, with a worker on a real Temporal server", () => {
  let rt: Runtime;
  let caller: Awaited<ReturnType<typeof adminCaller>>;
  const stop = new AbortController();
  let worker: Promise<void> | undefined;

  beforeAll(async () => {
    if (!temporalAddress) throw new Error("TEST_TEMPORAL_ADDRESS is not set: start the test services (. scripts/test-services.sh)");
    process.env.TEMPORAL_ADDRESS = temporalAddress;
    process.env.TEMPORAL_TASK_QUEUE = `abi-backup-${process.pid}`;
    rt = await openFresh("backup-page");
    await loadSampleData(rt);
    caller = await adminCaller(rt);
    const { runWorker } = await loadWorkerModule();
    worker = runWorker({ signal: stop.signal });
  }, 180_000);
  afterAll(async () => {
    if (rt) await (await temporalClient(rt.env)).schedule.getHandle(BACKUP_SCHEDULE_ID).delete().catch(() => undefined);
    stop.abort();
    await worker?.catch(() => undefined);
    await rt?.close();
  });

  it("Back up now runs a workflow whose backup is then listed as complete, in the data directory's object folder", async () => {
    const started = await caller.backups.start();
    let listed = await caller.backups.list();
    for (let i = 0; i < 120 && !listed.backups.some((b) => b.id === started.id && b.status === "complete"); i++) {
      await new Promise((r) => setTimeout(r, 500));
      listed = await caller.backups.list();
    }
    const b = listed.backups.find((x) => x.id === started.id)!;
    expect(b).toMatchObject({ status: "complete", location: path.join(rt.env.dataDir, "objects", "backups", started.id) });
    const onDisk = fs.readdirSync(b.location, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).reduce((s, d) => s + fs.statSync(path.join(d.parentPath, d.name)).size, 0);
    expect(b.bytes).toBe(onDisk);
    for (let i = 0; i < 20 && listed.runs.find((r) => r.workflowId === started.workflowId)?.status !== "completed"; i++) {
      await new Promise((r) => setTimeout(r, 500));
      listed = await caller.backups.list();
    }
    expect(listed.runs.find((r) => r.workflowId === started.workflowId)?.status).toBe("completed");
    const audit = await rt.db.select().from(auditLog).where(eq(auditLog.action, "backup.start"));
    expect(audit.map((a) => a.target)).toEqual([started.id]);
  }, 90_000);

  it("saves the daily schedule as a Temporal schedule at the chosen hour, and removes it when turned off", async () => {
    const saved = await caller.backups.saveSchedule({ scheduleEnabled: true, hourUtc: 3, retentionDays: 7 });
    expect(new Date(saved.nextRun!).getUTCHours()).toBe(3);
    const d = await (await temporalClient(rt.env)).schedule.getHandle(BACKUP_SCHEDULE_ID).describe();
    expect(d.action).toMatchObject({ workflowType: "scheduledBackup" });
    expect((await caller.backups.list()).settings).toEqual({ scheduleEnabled: true, hourUtc: 3, retentionDays: 7 });
    const off = await caller.backups.saveSchedule({ scheduleEnabled: false, hourUtc: 3, retentionDays: 7 });
    expect(off.nextRun).toBeNull();
    await expect(caller.backups.saveSchedule({ scheduleEnabled: true, hourUtc: 24, retentionDays: 7 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await rt.db.select().from(auditLog).where(eq(auditLog.action, "backup.schedule"))).toHaveLength(2);
  });

  it("deletes a backup (audited) and says so plainly when there is none", async () => {
    const [b] = (await caller.backups.list()).backups;
    await caller.backups.delete({ id: b!.id });
    expect((await caller.backups.list()).backups.find((x) => x.id === b!.id)).toBeUndefined();
    await expect(caller.backups.delete({ id: b!.id })).rejects.toMatchObject({ code: "BAD_REQUEST", message: `there is no backup ${b!.id}` });
    await expect(caller.backups.delete({ id: "../etc" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await rt.db.select().from(auditLog).where(eq(auditLog.action, "backup.delete"))).map((a) => a.target)).toEqual([b!.id]);
  });
});

describe("retention", () => {
  it("deletes backups older than N days but always keeps the newest complete one", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "abi-prune-"));
    const store = localFolderStore(root);
    const make = async (id: string, createdAt: string) => {
      await store.put(`backups/${id}/postgres/users.jsonl.gz`, "x");
      await store.put(`backups/${id}/manifest.json`, JSON.stringify({ format: 1, id, createdAt, abiVersion: "0.1.0", postgresSchema: "a", clickhouseSchema: "b", mode: { postgres: "embedded", clickhouse: "embedded" }, files: [], totals: [] }));
    };
    await make("20260101T020000Z-aaaa", "2026-01-01T02:00:00.000Z");
    await make("20260110T020000Z-bbbb", "2026-01-10T02:00:00.000Z");
    await make("20260114T020000Z-cccc", "2026-01-14T02:00:00.000Z");
    // on 15 January, keeping 7 days: only the 1 January backup is older than 8 January
    expect(await pruneBackups(store, 7, new Date("2026-01-15T03:00:00Z"))).toEqual(["20260101T020000Z-aaaa"]);
    // long after, keeping 1 day: everything is old, but the newest complete backup stays
    expect(await pruneBackups(store, 1, new Date("2026-06-01T00:00:00Z"))).toEqual(["20260110T020000Z-bbbb"]);
    const left = fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.relative(root, path.join(d.parentPath, d.name))).sort();
    expect(left).toEqual(["backups/20260114T020000Z-cccc/manifest.json", "backups/20260114T020000Z-cccc/postgres/users.jsonl.gz"]);
  });
});
