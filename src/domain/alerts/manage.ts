/**
 * Channels and rules as people manage them (docs/alerts.md#who-may-do-what): admins make shared
 * channels; an analyst may make a personal e-mail channel that only mails themselves; analysts
 * make rules (owned by them, personal or shared) that use shared channels or their own personal
 * ones. Every change is audited; no answer carries a secret.
 */
import { and, eq, inArray, isNull, or } from "drizzle-orm";
import { z } from "zod";
import { audit, type Actor } from "../access/audit";
import { hasAllData, resolveAccess, type Access } from "../access/resolve-access";
import { alertRules, budgets, notificationChannels } from "../db/schema";
import { requireNotifierPlugin, findNotifierPlugin } from "../plugins/registry";
import type { Runtime } from "../runtime";
import { encryptSecrets, decryptSecrets } from "../sources/secrets";
import { singleLineText } from "../validation/plain-text";
import { PLATFORM_KINDS, type RuleInput } from "./rule-params";

export class AlertsInputError extends Error {
  constructor(readonly code: "BAD_REQUEST" | "FORBIDDEN" | "NOT_FOUND", message: string) {
    super(message);
  }
}

export const channelInputSchema = z.object({
  name: singleLineText(120).pipe(z.string().trim().min(1, "Give the channel a name")),
  plugin: z.string().max(100),
  config: z.record(z.string(), z.unknown()).default({}),
  /** Omitted or empty fields keep the stored secret (an edit need not retype it). */
  secrets: z.record(z.string(), z.string().max(5000)).default({}),
  /** Analysts: a personal channel (the only kind they may make). */
  personal: z.boolean().default(false),
});
export type ChannelInput = z.infer<typeof channelInputSchema>;

type ChannelRow = typeof notificationChannels.$inferSelect;
export type ChannelView = { id: string; name: string; plugin: string; pluginName: string; personal: boolean; mine: boolean; config: Record<string, unknown>; secretFields: string[] };

/** What the API shows of a channel: never a secret, only which secret fields are set. */
export function channelView(rt: Runtime, c: ChannelRow, access: Access): ChannelView {
  const secrets = c.secretCiphertext ? Object.keys(decryptSecrets(rt.env, c.secretCiphertext)).filter(Boolean) : [];
  return {
    id: c.id, name: c.name, plugin: c.plugin, pluginName: findNotifierPlugin(c.plugin)?.manifest.name ?? c.plugin,
    personal: c.ownerId !== null, mine: c.ownerId === access.userId,
    // The public config (host, sender, recipients) is for admins and the owner.
    config: access.role === "admin" || c.ownerId === access.userId ? c.config : {},
    secretFields: secrets,
  };
}

/** Shared channels and the caller's personal ones (admins: every channel). */
export async function visibleChannels(rt: Runtime, access: Access): Promise<ChannelRow[]> {
  if (access.role === "admin") return rt.db.select().from(notificationChannels);
  return rt.db.select().from(notificationChannels).where(or(isNull(notificationChannels.ownerId), eq(notificationChannels.ownerId, access.userId)));
}

function parseSettings(input: ChannelInput, storedSecrets: Record<string, string>) {
  const plugin = (() => {
    try {
      return requireNotifierPlugin(input.plugin);
    } catch (e) {
      throw new AlertsInputError("BAD_REQUEST", (e as Error).message);
    }
  })();
  const kept = { ...storedSecrets, ...Object.fromEntries(Object.entries(input.secrets).filter(([, v]) => v !== "")) };
  const config = plugin.configSchema.safeParse(input.config);
  if (!config.success) throw new AlertsInputError("BAD_REQUEST", `Channel settings: ${config.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const secrets = plugin.secretsSchema.safeParse(kept);
  if (!secrets.success) throw new AlertsInputError("BAD_REQUEST", `Channel secrets: ${secrets.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  if (input.personal && !plugin.personal) throw new AlertsInputError("BAD_REQUEST", `${plugin.manifest.name} channels cannot be personal; only e-mail channels can`);
  return { plugin, config: config.data as Record<string, unknown>, secrets: secrets.data as Record<string, string> };
}

function mayMake(access: Access, personal: boolean) {
  if (access.role === "admin") return;
  if (!personal) throw new AlertsInputError("FORBIDDEN", "Only an admin can make a shared channel; analysts can make a personal e-mail channel to themselves");
}

const auditable = (c: { name: string; plugin: string; ownerId: string | null }, config: Record<string, unknown>) => ({ name: c.name, plugin: c.plugin, personal: c.ownerId !== null, config });

export async function createChannel(rt: Runtime, access: Access, actor: Actor, input: ChannelInput): Promise<ChannelRow> {
  mayMake(access, input.personal);
  const s = parseSettings(input, {});
  const [row] = await rt.db
    .insert(notificationChannels)
    .values({ name: input.name, plugin: input.plugin, config: s.config, secretCiphertext: encryptSecrets(rt.env, s.secrets), ownerId: input.personal ? access.userId : null, createdBy: access.userId })
    .returning();
  await audit(rt.db, actor, "alert_channel.create", row!.name, auditable(row!, s.config));
  return row!;
}

export async function editableChannel(rt: Runtime, access: Access, id: string): Promise<ChannelRow> {
  const [row] = await rt.db.select().from(notificationChannels).where(eq(notificationChannels.id, id));
  if (!row || (access.role !== "admin" && row.ownerId !== null && row.ownerId !== access.userId)) throw new AlertsInputError("NOT_FOUND", "That channel no longer exists");
  if (access.role !== "admin" && row.ownerId !== access.userId) throw new AlertsInputError("FORBIDDEN", "Only an admin can change a shared channel");
  return row;
}

/** The config fields that say where a channel connects. */
const ADDRESS_FIELDS = ["host", "port", "security", "url"];
function addressChanged(before: Record<string, unknown>, after: Record<string, unknown>): boolean {
  return ADDRESS_FIELDS.some((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

export async function updateChannel(rt: Runtime, access: Access, actor: Actor, id: string, input: ChannelInput): Promise<ChannelRow> {
  const before = await editableChannel(rt, access, id);
  if (input.plugin !== before.plugin) throw new AlertsInputError("BAD_REQUEST", "A channel's kind cannot change; make a new channel");
  const personal = before.ownerId !== null;
  const stored = decryptSecrets(rt.env, before.secretCiphertext);
  const s = parseSettings({ ...input, personal }, stored);
  // A kept secret must not follow the channel to a new address: an SMTP password would be sent to
  // whatever host the editor typed (and "Test" would do it at once).
  const kept = Object.entries(stored).some(([k, v]) => v !== "" && (input.secrets[k] ?? "") === "");
  if (kept && addressChanged(before.config, s.config)) {
    throw new AlertsInputError("BAD_REQUEST", "Type the channel's secrets again when you change where it connects (host, port, security or URL)");
  }
  const [row] = await rt.db
    .update(notificationChannels)
    .set({ name: input.name, config: s.config, secretCiphertext: encryptSecrets(rt.env, s.secrets), updatedAt: new Date() })
    .where(eq(notificationChannels.id, id))
    .returning();
  await audit(rt.db, actor, "alert_channel.update", row!.name, { before: auditable(before, before.config), after: auditable(row!, s.config), secretsChanged: Object.values(input.secrets).some((v) => v !== "") });
  return row!;
}

export async function deleteChannel(rt: Runtime, access: Access, actor: Actor, id: string): Promise<void> {
  const before = await editableChannel(rt, access, id);
  await rt.db.delete(notificationChannels).where(eq(notificationChannels.id, id));
  await audit(rt.db, actor, "alert_channel.delete", before.name, auditable(before, before.config));
}

export async function testChannel(rt: Runtime, access: Access, id: string) {
  const row = await editableChannel(rt, access, id);
  const plugin = requireNotifierPlugin(row.plugin);
  return plugin.testConnection(plugin.configSchema.parse(row.config), decryptSecrets(rt.env, row.secretCiphertext));
}

// ---- rules ----

type RuleRow = typeof alertRules.$inferSelect;

/** Checks what a rule may use: platform kinds need all-data access, channels must be shared or the owner's, the budget visible. */
async function checkRule(rt: Runtime, access: Access, input: RuleInput): Promise<void> {
  if (PLATFORM_KINDS.includes(input.kind) && !hasAllData(access)) {
    throw new AlertsInputError("FORBIDDEN", "Rules about ingestion and services need access to all billing data");
  }
  if (input.kind === "budget") {
    const [b] = await rt.db.select({ createdBy: budgets.createdBy }).from(budgets).where(eq(budgets.id, input.params.budgetId));
    if (!b || (!hasAllData(access) && b.createdBy !== access.userId)) throw new AlertsInputError("BAD_REQUEST", "That budget does not exist");
  }
  // Even an admin's rule may not use another user's personal channel.
  const usable = input.channelIds.length
    ? await rt.db
        .select({ id: notificationChannels.id })
        .from(notificationChannels)
        .where(and(inArray(notificationChannels.id, input.channelIds), or(isNull(notificationChannels.ownerId), eq(notificationChannels.ownerId, access.userId))))
    : [];
  if (usable.length !== new Set(input.channelIds).size) throw new AlertsInputError("BAD_REQUEST", "A rule can only use shared channels and your own personal channels");
}

const ruleAudit = (r: Pick<RuleRow, "name" | "kind" | "params" | "shared" | "channelIds" | "enabled">) => ({ name: r.name, kind: r.kind, params: r.params, shared: r.shared, channelIds: r.channelIds, enabled: r.enabled });

export async function createRule(rt: Runtime, access: Access, actor: Actor, input: RuleInput, linkOrigin: string): Promise<RuleRow> {
  await checkRule(rt, access, input);
  const [row] = await rt.db.insert(alertRules).values({ ...input, params: input.params as Record<string, unknown>, ownerId: access.userId, linkOrigin }).returning();
  await audit(rt.db, actor, "alert_rule.create", row!.name, ruleAudit(row!));
  return row!;
}

/** Whether every billing row `inner` sees is one `outer` sees too (a subset of its grant terms). */
function scopeWithin(inner: Access["scope"], outer: Access["scope"]): boolean {
  if (outer.rows === "all") return true;
  if (inner.rows === "all") return false;
  const terms = new Set(outer.rows.map((t) => JSON.stringify(t)));
  return inner.rows.every((t) => terms.has(JSON.stringify(t)));
}

/**
 * Rules the caller sees: their own and shared ones (admins: all). A shared rule is evaluated with
 * its owner's scope, so its alerts' numbers are only shown to a caller whose scope covers the
 * owner's (a sub-account analyst must not read company-wide spend off a colleague's shared rule).
 */
export async function visibleRules(rt: Runtime, access: Access): Promise<RuleRow[]> {
  if (access.role === "admin") return rt.db.select().from(alertRules);
  const rows = await rt.db.select().from(alertRules).where(or(eq(alertRules.ownerId, access.userId), eq(alertRules.shared, true)));
  const ownerScope = new Map<string, Access["scope"] | null>();
  for (const ownerId of new Set(rows.filter((r) => r.ownerId !== access.userId).map((r) => r.ownerId))) {
    ownerScope.set(ownerId, await resolveAccess(rt.db, ownerId).then((a) => a.scope, () => null));
  }
  return rows.filter((r) => {
    if (r.ownerId === access.userId) return true;
    const scope = ownerScope.get(r.ownerId);
    return scope != null && scopeWithin(scope, access.scope);
  });
}

export async function editableRule(rt: Runtime, access: Access, id: string): Promise<RuleRow> {
  const [row] = await rt.db.select().from(alertRules).where(eq(alertRules.id, id));
  if (!row || (access.role !== "admin" && row.ownerId !== access.userId && !row.shared)) throw new AlertsInputError("NOT_FOUND", "That rule no longer exists");
  if (access.role !== "admin" && row.ownerId !== access.userId) throw new AlertsInputError("FORBIDDEN", "Only the rule's owner or an admin can change it");
  return row;
}

export async function updateRule(rt: Runtime, access: Access, actor: Actor, id: string, input: RuleInput, linkOrigin: string): Promise<RuleRow> {
  const before = await editableRule(rt, access, id);
  // The rule keeps being evaluated with its owner's scope, so it is checked against the owner's access.
  await checkRule(rt, before.ownerId === access.userId ? access : { ...access, userId: before.ownerId }, input);
  const [row] = await rt.db
    .update(alertRules)
    .set({ ...input, params: input.params as Record<string, unknown>, linkOrigin, updatedAt: new Date() })
    .where(eq(alertRules.id, id))
    .returning();
  await audit(rt.db, actor, "alert_rule.update", row!.name, { before: ruleAudit(before), after: ruleAudit(row!) });
  return row!;
}

export async function deleteRule(rt: Runtime, access: Access, actor: Actor, id: string): Promise<void> {
  const before = await editableRule(rt, access, id);
  await rt.db.delete(alertRules).where(eq(alertRules.id, id));
  await audit(rt.db, actor, "alert_rule.delete", before.name, ruleAudit(before));
}
