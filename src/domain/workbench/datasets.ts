/**
 * Saved workbench datasets (PostgreSQL, schema/workbench.ts): a name, the guarded SQL and the
 * typed columns of its result. Rows are never stored; `runDataset` re-runs the SQL through the
 * guard with the scope of whoever opens it, so a shared dataset shows each viewer only their rows.
 */
import type { ClickHouseClient } from "@clickhouse/client";
import { and, asc, eq, or } from "drizzle-orm";
import { workbenchDatasets } from "../db/schema";
import type { Db } from "../runtime/postgres";
import type { AnalyticsScope } from "../analytics/scope";
import { recordAudit, type AuditOrigin } from "../audit/record";
import { DEFAULT_LIMITS, runWorkbenchQuery, type WorkbenchLimits, type WorkbenchResult } from "./run";

export type Dataset = typeof workbenchDatasets.$inferSelect;
export type DatasetOwner = { id: string; role: string };

export class DatasetNotFound extends Error {
  constructor() {
    super("No such dataset (or it is not shared with you)");
    this.name = "DatasetNotFound";
  }
}

/** Datasets the user owns plus every shared one. */
export async function listDatasets(db: Db, userId: string): Promise<Dataset[]> {
  return db
    .select()
    .from(workbenchDatasets)
    .where(or(eq(workbenchDatasets.ownerId, userId), eq(workbenchDatasets.shared, true)))
    .orderBy(asc(workbenchDatasets.name));
}

export async function getDataset(db: Db, userId: string, id: string): Promise<Dataset> {
  const [row] = await db
    .select()
    .from(workbenchDatasets)
    .where(and(eq(workbenchDatasets.id, id), or(eq(workbenchDatasets.ownerId, userId), eq(workbenchDatasets.shared, true))));
  if (!row) throw new DatasetNotFound();
  return row;
}

/**
 * Saves (or replaces, by owner + name) a dataset. The SQL runs once first, with the saver's
 * scope, so only a query the guard accepts and the engine can run is saved, with its column types.
 */
export async function saveDataset(
  db: Db,
  ch: ClickHouseClient,
  input: { owner: DatasetOwner; scope: AnalyticsScope; name: string; sql: string; shared: boolean; origin: AuditOrigin },
): Promise<Dataset> {
  const probe = await runWorkbenchQuery(ch, input.scope, input.sql, { ...DEFAULT_LIMITS, maxRows: 1 });
  const values = { name: input.name, sql: probe.sql, columns: probe.columns, shared: input.shared };
  const [row] = await db
    .insert(workbenchDatasets)
    .values({ ...values, ownerId: input.owner.id })
    .onConflictDoUpdate({ target: [workbenchDatasets.ownerId, workbenchDatasets.name], set: values })
    .returning();
  await recordAudit(db, { ...input.origin, action: "dataset.save", target: input.name, details: { id: row!.id, shared: input.shared, columns: probe.columns.length } });
  return row!;
}

/** The owner (or an admin) deletes a dataset. */
export async function deleteDataset(db: Db, user: DatasetOwner, id: string, origin: AuditOrigin): Promise<{ id: string }> {
  const where = user.role === "admin" ? eq(workbenchDatasets.id, id) : and(eq(workbenchDatasets.id, id), eq(workbenchDatasets.ownerId, user.id));
  const rows = await db.delete(workbenchDatasets).where(where).returning();
  if (rows.length === 0) throw new DatasetNotFound();
  await recordAudit(db, { ...origin, action: "dataset.delete", target: rows[0]!.name, details: { id } });
  return { id };
}

/** Re-runs a dataset with the viewer's scope. */
export async function runDataset(
  db: Db,
  ch: ClickHouseClient,
  viewer: { id: string; scope: AnalyticsScope },
  id: string,
  limits: WorkbenchLimits = DEFAULT_LIMITS,
): Promise<WorkbenchResult & { dataset: Dataset }> {
  const dataset = await getDataset(db, viewer.id, id);
  return { ...(await runWorkbenchQuery(ch, viewer.scope, dataset.sql, limits)), dataset };
}
