import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Runtime } from "../runtime";
import { dataSources } from "../db/schema";
import { recordAudit, type AuditOrigin } from "../audit/record";
import { syncSourceSchedule, describeSourceSchedule } from "../ingestion/schedules";
import { listRuns, type RunRow } from "../ingestion/list-runs";
import { RunConflictError } from "../ingestion/start-runs";
import { findSource, findSourceByName, SourceNotFoundError, type DataSource } from "./registry";
import { findSourcePlugin, requireSourcePlugin, sourcePluginIds } from "../plugins/registry";
import { sourceNameSchema } from "./source-name";
import { requireRunnableInstallation } from "../plugins/lifecycle";
import { decryptSecrets, encryptSecrets } from "./secrets";
import { assertEndpointsAllowed, assertStoredSecretsStayHome } from "./source-endpoints";

export { SourceNotFoundError };
export class SourceNameTakenError extends Error {
  override name = "SourceNameTakenError";
}

/** What the browser may see of a source: its config, and which secret fields are set (never their values). */
export type SourceView = {
  id: string;
  name: string;
  plugin: string;
  pluginTitle: string;
  /** The plugin's capabilities, so views need not know plugin ids. */
  pullsMonths: boolean;
  acceptsUploads: boolean;
  config: Record<string, unknown>;
  secretsSet: string[];
  scheduleEnabled: boolean;
  scheduleHourUtc: number;
  createdAt: string;
  updatedAt: string;
};

export type SourceListItem = SourceView & { lastRun: RunRow | null; nextRunAt: string | null };

export { sourceNameSchema };
const hourSchema = z.number().int().min(0, "The hour is 0-23 (UTC)").max(23, "The hour is 0-23 (UTC)");

export const createSourceInput = z.object({
  name: sourceNameSchema,
  plugin: z.string().refine((id) => findSourcePlugin(id) !== undefined, { error: () => `Unknown plugin; known: ${sourcePluginIds().join(", ")}` }),
  config: z.record(z.string(), z.unknown()).default({}),
  secrets: z.record(z.string(), z.string()).default({}),
  scheduleEnabled: z.boolean().default(false),
  scheduleHourUtc: hourSchema.default(3),
});

export const updateSourceInput = z.object({
  id: z.uuid(),
  name: sourceNameSchema.optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  /** Empty or missing secret fields keep the stored value. */
  secrets: z.record(z.string(), z.string()).optional(),
  scheduleEnabled: z.boolean().optional(),
  scheduleHourUtc: hourSchema.optional(),
});

function view(rt: Runtime, s: DataSource): SourceView {
  const secrets = s.secretCiphertext ? decryptSecrets(rt.env, s.secretCiphertext) : {};
  const plugin = findSourcePlugin(s.plugin);
  return {
    id: s.id,
    name: s.name,
    plugin: s.plugin,
    pluginTitle: plugin?.manifest.name ?? s.plugin,
    pullsMonths: plugin?.pullsMonths ?? false,
    acceptsUploads: plugin?.acceptsUploads ?? false,
    config: s.config,
    secretsSet: Object.keys(secrets).filter((k) => secrets[k]),
    scheduleEnabled: s.scheduleEnabled,
    scheduleHourUtc: s.scheduleHourUtc,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

function validate(plugin: string, config: unknown, secrets: Record<string, string>) {
  const p = requireSourcePlugin(plugin);
  return { config: p.configSchema.parse(config), secrets: p.secretsSchema.parse(secrets) };
}

function nonEmpty(secrets: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(secrets ?? {}).filter(([, v]) => v.trim() !== ""));
}

async function requireSource(rt: Runtime, id: string): Promise<DataSource> {
  const source = await findSource(rt.db, id);
  if (!source) throw new SourceNotFoundError("That data source does not exist (it may have been deleted)");
  return source;
}

async function assertNameFree(rt: Runtime, name: string, exceptId?: string) {
  const other = await findSourceByName(rt.db, name);
  if (other && other.id !== exceptId) throw new SourceNameTakenError(`A data source named "${name}" already exists`);
}

export async function getSource(rt: Runtime, id: string): Promise<SourceView> {
  return view(rt, await requireSource(rt, id));
}

/** The source a person names (CLI); its secrets stay encrypted. */
export async function requireSourceByName(rt: Runtime, name: string): Promise<DataSource> {
  const source = await findSourceByName(rt.db, name);
  if (!source) throw new SourceNotFoundError(`No data source named "${name}"; \`abi sources\` lists them`);
  return source;
}


/** Every source with its last run and its next scheduled run. */
export async function listSources(rt: Runtime): Promise<SourceListItem[]> {
  const rows = await rt.db.select().from(dataSources).orderBy(asc(dataSources.name));
  const runs = await listRuns(rt, { limit: 200 });
  const last = new Map<string, RunRow>();
  for (const r of runs) if (!last.has(r.sourceId)) last.set(r.sourceId, r);
  return Promise.all(
    rows.map(async (s) => ({
      ...view(rt, s),
      lastRun: last.get(s.id) ?? null,
      nextRunAt: s.scheduleEnabled ? ((await describeSourceSchedule(rt, s.id).catch(() => null))?.nextRuns[0] ?? null) : null,
    })),
  );
}

export async function createSource(rt: Runtime, raw: z.input<typeof createSourceInput>, origin: AuditOrigin = {}): Promise<SourceView> {
  const input = createSourceInput.parse(raw);
  const settings = validate(input.plugin, input.config, nonEmpty(input.secrets));
  await assertEndpointsAllowed(input.plugin, settings.config);
  await assertNameFree(rt, input.name);
  const installation = await requireRunnableInstallation(rt.db, input.plugin);
  const [created] = await rt.db
    .insert(dataSources)
    .values({
      name: input.name,
      plugin: input.plugin,
      installationId: installation.id,
      config: settings.config,
      secretCiphertext: Object.keys(settings.secrets).length ? encryptSecrets(rt.env, settings.secrets) : null,
      scheduleEnabled: input.scheduleEnabled,
      scheduleHourUtc: input.scheduleHourUtc,
      createdBy: origin.actor?.id ?? undefined,
    })
    .onConflictDoNothing({ target: dataSources.name })
    .returning();
  if (!created) throw new SourceNameTakenError(`A data source named "${input.name}" already exists`);
  if (created.scheduleEnabled) {
    try {
      await syncSourceSchedule(rt, created);
    } catch (err) {
      await rt.db.delete(dataSources).where(eq(dataSources.id, created.id));
      throw err;
    }
  }
  await recordAudit(rt.db, { ...origin, action: "source.create", target: created.name, details: { plugin: created.plugin, schedule: created.scheduleEnabled ? created.scheduleHourUtc : null } });
  return view(rt, created);
}

export async function updateSource(rt: Runtime, raw: z.input<typeof updateSourceInput>, origin: AuditOrigin = {}): Promise<SourceView> {
  const input = updateSourceInput.parse(raw);
  const before = await requireSource(rt, input.id);
  const plugin = before.plugin;
  const oldSecrets = decryptSecrets(rt.env, before.secretCiphertext);
  const settings = validate(plugin, input.config ?? before.config, { ...oldSecrets, ...nonEmpty(input.secrets) });
  const reused = Object.keys(oldSecrets).filter((k) => oldSecrets[k] && !nonEmpty(input.secrets)[k]);
  assertStoredSecretsStayHome(before, { plugin, config: settings.config }, reused);
  await assertEndpointsAllowed(plugin, settings.config);
  if (input.name !== undefined) await assertNameFree(rt, input.name, before.id);
  const patch = {
    name: input.name ?? before.name,
    config: settings.config,
    secretCiphertext: Object.keys(settings.secrets).length ? encryptSecrets(rt.env, settings.secrets) : null,
    scheduleEnabled: input.scheduleEnabled ?? before.scheduleEnabled,
    scheduleHourUtc: input.scheduleHourUtc ?? before.scheduleHourUtc,
  };
  const [after] = await rt.db.update(dataSources).set(patch).where(eq(dataSources.id, before.id)).returning();
  if (!after) throw new SourceNotFoundError("That data source was deleted meanwhile");
  try {
    await syncSourceSchedule(rt, after);
  } catch (err) {
    const { id: _id, createdAt: _c, updatedAt: _u, ...previous } = before;
    await rt.db.update(dataSources).set(previous).where(eq(dataSources.id, before.id));
    throw err;
  }
  await recordAudit(rt.db, {
    ...origin,
    action: "source.update",
    target: after.name,
    details: { renamedFrom: before.name !== after.name ? before.name : undefined, secretsChanged: Object.keys(nonEmpty(input.secrets)), schedule: after.scheduleEnabled ? after.scheduleHourUtc : null },
  });
  return view(rt, after);
}

/** Removes the source and its schedule; the cost data it loaded stays in ClickHouse. */
export async function deleteSource(rt: Runtime, id: string, origin: AuditOrigin = {}): Promise<{ name: string }> {
  const source = await requireSource(rt, id);
  const running = (await listRuns(rt, { sourceId: id, limit: 20 })).filter((r) => r.status === "running");
  if (running.length > 0) throw new RunConflictError(`${source.name} has a run in progress; cancel it or wait, then delete`);
  await syncSourceSchedule(rt, { ...source, scheduleEnabled: false });
  await rt.db.delete(dataSources).where(eq(dataSources.id, id));
  await recordAudit(rt.db, { ...origin, action: "source.delete", target: source.name, details: { plugin: source.plugin } });
  return { name: source.name };
}
