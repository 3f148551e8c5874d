/**
 * The raw-file archive (issue 12, 2a): every raw billing file a run ingests is copied to
 * `raw/<source>/<billing month>/<run>/<file>` in the platform object store, indexed in PostgreSQL
 * (raw_archives) for the run page, the storage page's usage, retention and replay. Archiving never
 * fails an ingest: a failed copy is recorded on the run instead.
 */
import fs from "node:fs/promises";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { AbiEnv } from "../runtime/env";
import type { Db } from "../runtime/postgres";
import { dataSources, rawArchives, type ArchivedFile } from "../db/schema";
import { platformObjectStore } from "./platform-store";
import { storageProblem } from "./storage-errors";

type Rt = { env: AbiEnv; db: Db };

export const DEFAULT_RAW_RETENTION_DAYS = 90;

/** A file's name as an object key part: "/" kept as folders, anything unusual replaced, no "." / ".." parts. */
export function archiveFileKey(name: string): string {
  const parts = name.replace(/\\/g, "/").split("/").map((p) => p.replace(/[^A-Za-z0-9._=-]/g, "_")).filter((p) => p !== "" && p !== "." && p !== "..");
  return parts.length ? parts.join("/") : "file";
}

export function archivePrefix(sourceId: string, month: string, runId: string): string {
  return `raw/${sourceId}/${month}/${runId.replace(/[^A-Za-z0-9_-]/g, "_")}/`;
}

export type ArchiveInput = { runId: string; sourceId: string; months: string[]; files: { path: string; name: string }[] };

/** Copies the run's files into the platform store and records the result; never throws. */
export async function archiveRawFiles(rt: Rt, input: ArchiveInput): Promise<{ status: "archived" | "failed"; error?: string }> {
  const months = [...new Set(input.months.map((m) => m.slice(0, 7)))].sort();
  // the run's first billing month (months are already YYYY-MM and sorted)
  const month = months[0] ?? new Date().toISOString().slice(0, 7);
  const prefix = archivePrefix(input.sourceId, month, input.runId);
  const files: ArchivedFile[] = [];
  let error: string | undefined;
  try {
    const store = await platformObjectStore(rt);
    const used = new Set<string>();
    for (const [i, f] of input.files.entries()) {
      let rel = archiveFileKey(f.name);
      if (used.has(rel)) rel = `${i + 1}-${rel}`;
      used.add(rel);
      const { size } = await fs.stat(f.path);
      await store.putFile(prefix + rel, f.path);
      files.push({ name: f.name, key: prefix + rel, bytes: size });
    }
  } catch (err) {
    const p = storageProblem(err);
    error = `The raw files could not be archived: ${p.problem === "other" && err instanceof Error ? err.message : p.message}`;
  }
  const values = {
    runId: input.runId, sourceId: input.sourceId, month, months, prefix, files,
    bytes: files.reduce((n, f) => n + f.bytes, 0), status: error ? ("failed" as const) : ("archived" as const), error: error ?? null, archivedAt: new Date(),
  };
  try {
    await rt.db.insert(rawArchives).values(values).onConflictDoUpdate({ target: rawArchives.runId, set: values });
  } catch (err) {
    console.error(`raw archive of run ${input.runId} could not be recorded:`, err);
  }
  return error ? { status: "failed", error } : { status: "archived" };
}

export type RunArchive = { runId: string; sourceId: string; month: string; status: "archived" | "failed"; error: string | null; archivedAt: string; files: { name: string; bytes: number }[] };

export async function runArchive(db: Db, runId: string): Promise<RunArchive | null> {
  const [row] = await db.select().from(rawArchives).where(eq(rawArchives.runId, runId));
  if (!row) return null;
  return {
    runId: row.runId, sourceId: row.sourceId, month: row.month, status: row.status, error: row.error, archivedAt: row.archivedAt.toISOString(),
    files: row.files.map((f) => ({ name: f.name, bytes: f.bytes })),
  };
}

export class ArchiveNotFoundError extends Error {
  override name = "ArchiveNotFoundError";
}

/** One archived file's bytes, found by the run and the file's name as the run recorded it. */
export async function readArchivedFile(rt: Rt, runId: string, name: string): Promise<{ name: string; body: Buffer }> {
  const [row] = await rt.db.select().from(rawArchives).where(eq(rawArchives.runId, runId));
  const file = row?.files.find((f) => f.name === name);
  if (!row || !file) throw new ArchiveNotFoundError(`No archived file ${name} for run ${runId}`);
  return { name: file.name, body: await (await platformObjectStore(rt)).get(file.key) };
}

/** Archived bytes and objects per source, for the storage page. */
export async function archiveUsage(db: Db): Promise<{ sourceId: string; sourceName: string; retentionDays: number; runs: number; objects: number; bytes: number; failed: number }[]> {
  const rows = await db
    .select({
      sourceId: rawArchives.sourceId,
      runs: sql<number>`count(*)::int`,
      objects: sql<number>`coalesce(sum(jsonb_array_length(${rawArchives.files})), 0)::int`,
      bytes: sql<string>`coalesce(sum(${rawArchives.bytes}), 0)::text`,
      failed: sql<number>`count(*) filter (where ${rawArchives.status} = 'failed')::int`,
    })
    .from(rawArchives)
    .groupBy(rawArchives.sourceId);
  const sources = await db.select({ id: dataSources.id, name: dataSources.name, retentionDays: dataSources.rawRetentionDays }).from(dataSources).orderBy(dataSources.name);
  const bySource = new Map(rows.map((r) => [r.sourceId, r]));
  const out = sources.map((s) => {
    const r = bySource.get(s.id);
    return { sourceId: s.id, sourceName: s.name, retentionDays: s.retentionDays, runs: Number(r?.runs ?? 0), objects: Number(r?.objects ?? 0), bytes: Number(r?.bytes ?? 0), failed: Number(r?.failed ?? 0) };
  });
  for (const r of rows) {
    if (!sources.some((s) => s.id === r.sourceId)) {
      out.push({ sourceId: r.sourceId, sourceName: "(deleted source)", retentionDays: DEFAULT_RAW_RETENTION_DAYS, runs: Number(r.runs), objects: Number(r.objects), bytes: Number(r.bytes), failed: Number(r.failed) });
    }
  }
  return out;
}

/**
 * Deletes the archives older than their source's retention (0 = keep forever; a deleted source's
 * archives use the default). Returns the runs whose files were removed.
 */
export async function cleanupExpiredArchives(rt: Rt, now = new Date()): Promise<{ runs: string[]; objects: number }> {
  const rows = await rt.db
    .select({ runId: rawArchives.runId, prefix: rawArchives.prefix, archivedAt: rawArchives.archivedAt, days: dataSources.rawRetentionDays })
    .from(rawArchives)
    .leftJoin(dataSources, eq(dataSources.id, rawArchives.sourceId))
    .where(lt(rawArchives.archivedAt, now));
  const expired = rows.filter((r) => {
    const days = r.days ?? DEFAULT_RAW_RETENTION_DAYS;
    return days > 0 && r.archivedAt.getTime() < now.getTime() - days * 86_400_000;
  });
  if (expired.length === 0) return { runs: [], objects: 0 };
  const store = await platformObjectStore(rt);
  let objects = 0;
  const removed: string[] = [];
  for (const r of expired) {
    objects += await store.deletePrefix(r.prefix);
    removed.push(r.runId);
  }
  for (let i = 0; i < removed.length; i += 500) await rt.db.delete(rawArchives).where(inArray(rawArchives.runId, removed.slice(i, i + 500)));
  return { runs: removed, objects };
}

export async function setRawRetention(db: Db, sourceId: string, days: number): Promise<{ name: string; before: number } | null> {
  const [before] = await db.select({ name: dataSources.name, days: dataSources.rawRetentionDays }).from(dataSources).where(eq(dataSources.id, sourceId));
  if (!before) return null;
  await db.update(dataSources).set({ rawRetentionDays: days }).where(and(eq(dataSources.id, sourceId)));
  return { name: before.name, before: before.days };
}
