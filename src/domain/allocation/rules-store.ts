/**
 * Allocation rules in PostgreSQL: each change appends a version with an effective-from month;
 * a month uses, per rule, the latest version effective on or before it.
 */
import { asc, desc, eq, max } from "drizzle-orm";
import { allocationRules, allocationRuleVersions, allocationSettings, tagKeyAliases } from "../db/schema";
import type { Db } from "../runtime/postgres";
import { aliasMap, type TagAliasMap } from "../analytics/tag-aliases";
import { definitionSchema, type Definition } from "./definition";

export const DEFAULT_TEAM_TAG_KEY = "CostCenter";

export type RuleVersion = { version: number; effectiveFrom: string; definition: Definition | null; createdAt: Date };
export type RuleWithVersions = { id: string; name: string; position: number; versions: RuleVersion[] };
/** A rule as it applies in one month. */
export type EffectiveRule = { id: string; name: string; version: number; definition: Definition };

const parseDef = (d: unknown): Definition | null => (d === null || d === undefined ? null : definitionSchema.parse(d));

export async function listRules(db: Db): Promise<RuleWithVersions[]> {
  const rules = await db.select().from(allocationRules).orderBy(asc(allocationRules.position), asc(allocationRules.createdAt));
  const versions = await db.select().from(allocationRuleVersions).orderBy(asc(allocationRuleVersions.version));
  return rules.map((r) => ({
    id: r.id,
    name: r.name,
    position: r.position,
    versions: versions
      .filter((v) => v.ruleId === r.id)
      .map((v) => ({ version: v.version, effectiveFrom: v.effectiveFrom, definition: parseDef(v.definition), createdAt: v.createdAt })),
  }));
}

/** The rules in force in `month` (YYYY-MM-01), in claiming order; retired rules left out. */
export function effectiveRules(rules: RuleWithVersions[], month: string): EffectiveRule[] {
  const out: EffectiveRule[] = [];
  for (const r of rules) {
    const v = r.versions.filter((x) => x.effectiveFrom <= month).sort((a, b) => (a.effectiveFrom === b.effectiveFrom ? b.version - a.version : b.effectiveFrom.localeCompare(a.effectiveFrom)))[0];
    if (v?.definition) out.push({ id: r.id, name: r.name, version: v.version, definition: v.definition });
  }
  return out;
}

export async function createRule(db: Db, p: { name: string; effectiveFrom: string; definition: Definition; userId: string | null }) {
  const [pos] = await db.select({ m: max(allocationRules.position) }).from(allocationRules);
  const [rule] = await db.insert(allocationRules).values({ name: p.name, position: (pos?.m ?? 0) + 1, createdBy: p.userId }).returning();
  await db.insert(allocationRuleVersions).values({ ruleId: rule!.id, version: 1, effectiveFrom: p.effectiveFrom, definition: p.definition, createdBy: p.userId });
  return rule!;
}

/** Appends a version (definition null retires the rule from that month). */
export async function addRuleVersion(db: Db, p: { ruleId: string; effectiveFrom: string; definition: Definition | null; userId: string | null }) {
  const [last] = await db
    .select({ version: allocationRuleVersions.version })
    .from(allocationRuleVersions)
    .where(eq(allocationRuleVersions.ruleId, p.ruleId))
    .orderBy(desc(allocationRuleVersions.version))
    .limit(1);
  const version = (last?.version ?? 0) + 1;
  await db.insert(allocationRuleVersions).values({ ruleId: p.ruleId, version, effectiveFrom: p.effectiveFrom, definition: p.definition, createdBy: p.userId });
  return version;
}

export async function findRule(db: Db, id: string) {
  const [r] = await db.select().from(allocationRules).where(eq(allocationRules.id, id));
  return r;
}

export async function teamTagKey(db: Db): Promise<string> {
  const [s] = await db.select().from(allocationSettings).where(eq(allocationSettings.id, "default"));
  return s?.teamTagKey ?? DEFAULT_TEAM_TAG_KEY;
}

export async function setTeamTagKey(db: Db, key: string): Promise<void> {
  await db.insert(allocationSettings).values({ id: "default", teamTagKey: key }).onConflictDoUpdate({ target: allocationSettings.id, set: { teamTagKey: key } });
}

export async function listTagAliases(db: Db) {
  return db.select({ alias: tagKeyAliases.alias, key: tagKeyAliases.key }).from(tagKeyAliases).orderBy(asc(tagKeyAliases.key), asc(tagKeyAliases.alias));
}

export async function loadTagAliasMap(db: Db): Promise<TagAliasMap> {
  return aliasMap(await listTagAliases(db));
}

/** Replaces every alias of `key` with `aliases` (stored lower-case). */
export async function setTagKeyAliases(db: Db, key: string, aliases: string[]): Promise<void> {
  const rows = [...new Set(aliases.map((a) => a.toLowerCase()).filter((a) => a !== key.toLowerCase()))];
  await db.transaction(async (tx) => {
    await tx.delete(tagKeyAliases).where(eq(tagKeyAliases.key, key));
    for (const alias of rows) {
      await tx.insert(tagKeyAliases).values({ alias, key }).onConflictDoUpdate({ target: tagKeyAliases.alias, set: { key } });
    }
  });
}
