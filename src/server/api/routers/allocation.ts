import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { definitionSchema, monthSchema, poolLabel } from "~/domain/allocation/definition";
import { ensureAllocationsFresh, recomputeAfterChange } from "~/domain/allocation/freshness";
import { addRuleVersion, createRule, findRule, listRules, listTagAliases, setTagKeyAliases, setTeamTagKey, teamTagKey } from "~/domain/allocation/rules-store";
import { showback, showbackContributions, showbackExport } from "~/domain/allocation/showback";
import { recordAudit } from "~/domain/audit/record";
import { hasAllData } from "~/domain/access/resolve-access";
import { auditOrigin } from "~/server/audit-origin";
import { refreshTagAliases } from "~/server/tag-aliases";
import { adminProcedure, allDataAnalystProcedure, createTRPCRouter } from "../trpc";
import { analyticsProcedure } from "./analytics-procedure";

const monthRange = z.object({ from: monthSchema, to: monthSchema }).refine((r) => r.from <= r.to, "the range ends before it starts");
const tagKey = z.string().trim().min(1).max(256);
const isUniqueViolation = (e: unknown) => /unique|duplicate/i.test(String((e as { cause?: unknown })?.cause ?? e));

/**
 * Showback (docs/allocation.md). Reads run in the caller's billing scope; rule edits need an
 * analyst with access to all data (a rule moves cost between every team); tag aliases and the
 * team key are admin settings. Every change is audited and recomputes from its month.
 */
export const allocationRouter = createTRPCRouter({
  showback: analyticsProcedure.input(monthRange).query(async ({ ctx, input }) => {
    await ensureAllocationsFresh(ctx.db, ctx.ch);
    return { teamKey: await teamTagKey(ctx.db), rows: await showback(ctx.analytics, input) };
  }),
  contributions: analyticsProcedure.input(z.object({ month: monthSchema, team: z.string().max(300) })).query(async ({ ctx, input }) => {
    await ensureAllocationsFresh(ctx.db, ctx.ch);
    return showbackContributions(ctx.analytics, input);
  }),
  export: analyticsProcedure.input(monthRange).mutation(async ({ ctx, input }) => {
    await ensureAllocationsFresh(ctx.db, ctx.ch);
    const table = await showbackExport(ctx.analytics, { ...input, teamKey: await teamTagKey(ctx.db) });
    await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "export.showback", target: `${input.from}..${input.to}`, details: { rows: table.rows.length } });
    return table;
  }),
  /** Pool definitions name subscriptions and filters: only users with all-data access see them. */
  rules: analyticsProcedure.query(async ({ ctx }) => {
    const full = hasAllData(ctx.access);
    return (await listRules(ctx.db)).map((r) => ({
      ...r,
      versions: r.versions.map((v) => ({
        ...v,
        definition: full ? v.definition : null,
        retired: v.definition === null,
        pool: v.definition ? (full ? poolLabel(v.definition.pool) : "(shared cost outside your scope may apply)") : null,
      })),
    }));
  }),
  createRule: allDataAnalystProcedure
    .input(z.object({ name: z.string().trim().min(1).max(200), effectiveFrom: monthSchema, definition: definitionSchema }))
    .mutation(async ({ ctx, input }) => {
      const rule = await createRule(ctx.db, { ...input, userId: ctx.session.user.id }).catch((e: unknown) => {
        if (isUniqueViolation(e)) throw new TRPCError({ code: "CONFLICT", message: `A rule named "${input.name}" already exists` });
        throw e;
      });
      await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "allocation_rule.create", target: input.name, details: { effectiveFrom: input.effectiveFrom, definition: input.definition } });
      const months = await recomputeAfterChange(ctx.db, ctx.ch, input.effectiveFrom);
      return { id: rule.id, recomputed: months };
    }),
  updateRule: allDataAnalystProcedure
    .input(z.object({ id: z.uuid(), effectiveFrom: monthSchema, definition: definitionSchema.nullable() }))
    .mutation(async ({ ctx, input }) => {
      const rule = await findRule(ctx.db, input.id);
      if (!rule) throw new TRPCError({ code: "NOT_FOUND", message: "That allocation rule no longer exists" });
      const version = await addRuleVersion(ctx.db, { ruleId: input.id, effectiveFrom: input.effectiveFrom, definition: input.definition, userId: ctx.session.user.id }).catch((e: unknown) => {
        if (isUniqueViolation(e)) throw new TRPCError({ code: "CONFLICT", message: "Someone saved a version of this rule at the same time; reload and try again" });
        throw e;
      });
      await recordAudit(ctx.db, {
        ...auditOrigin(ctx),
        action: input.definition ? "allocation_rule.update" : "allocation_rule.retire",
        target: rule.name,
        details: { version, effectiveFrom: input.effectiveFrom, definition: input.definition },
      });
      const months = await recomputeAfterChange(ctx.db, ctx.ch, input.effectiveFrom);
      return { version, recomputed: months };
    }),
  recompute: allDataAnalystProcedure.input(z.object({ from: monthSchema })).mutation(async ({ ctx, input }) => {
    const months = await recomputeAfterChange(ctx.db, ctx.ch, input.from);
    await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "allocation.recompute", target: input.from, details: { months: months.length } });
    return { recomputed: months };
  }),
  settings: analyticsProcedure.query(async ({ ctx }) => ({ teamKey: await teamTagKey(ctx.db), aliases: await listTagAliases(ctx.db) })),
  setTeamKey: adminProcedure.input(z.object({ key: tagKey })).mutation(async ({ ctx, input }) => {
    const before = await teamTagKey(ctx.db);
    await setTeamTagKey(ctx.db, input.key);
    await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "allocation.team_key", target: input.key, details: { before, after: input.key } });
    return { recomputed: await recomputeAfterChange(ctx.db, ctx.ch, "1970-01-01") };
  }),
  setTagAliases: adminProcedure.input(z.object({ key: tagKey, aliases: z.array(tagKey).max(50) })).mutation(async ({ ctx, input }) => {
    await setTagKeyAliases(ctx.db, input.key, input.aliases);
    await refreshTagAliases(ctx.db, { force: true });
    await recordAudit(ctx.db, { ...auditOrigin(ctx), action: "tag_alias.set", target: input.key, details: { aliases: input.aliases } });
    return { recomputed: await recomputeAfterChange(ctx.db, ctx.ch, "1970-01-01") };
  }),
});
