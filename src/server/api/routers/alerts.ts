import { TRPCError } from "@trpc/server";
import { and, desc, eq, inArray, ne } from "drizzle-orm";
import { z } from "zod";
import { alertDeliveries, alertRules, alerts } from "~/domain/db/schema";
import { audit } from "~/domain/access/audit";
import { evaluateRule } from "~/domain/alerts/evaluate-rules";
import {
  AlertsInputError, channelInputSchema, channelView, createChannel, createRule, deleteChannel, deleteRule, testChannel, updateChannel, updateRule, visibleChannels, visibleRules,
} from "~/domain/alerts/manage";
import { PLATFORM_KINDS, ruleInputSchema } from "~/domain/alerts/rule-params";
import { hasAllData } from "~/domain/access/resolve-access";
import { notifierPlugins } from "~/domain/plugins/registry";
import { analystProcedure, createTRPCRouter } from "../trpc";
import { actorOf } from "./access-errors";

/** Turns the alerts domain's refusals into tRPC errors with the same message. */
async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AlertsInputError) throw new TRPCError({ code: e.code, message: e.message, cause: e });
    throw e;
  }
}

/** Where messages link back to: NEXTAUTH_URL when set, else the origin of the request that saved the rule. */
export function linkOrigin(headers: Headers): string {
  if (process.env.NEXTAUTH_URL) return new URL(process.env.NEXTAUTH_URL).origin;
  const origin = headers.get("origin");
  if (origin && /^https?:\/\//.test(origin)) return new URL(origin).origin;
  const host = headers.get("host");
  const proto = headers.get("x-forwarded-proto") === "https" ? "https" : "http";
  return host ? new URL(`${proto}://${host}`).origin : `http://localhost:${process.env.PORT ?? "3000"}`;
}

const id = z.object({ id: z.uuid() });

export const alertsRouter = createTRPCRouter({
  /** Alerts of the rules the caller sees (their own and shared; admins all), newest first. */
  list: analystProcedure.input(z.object({ state: z.enum(["open", "acknowledged", "resolved", "active", "all"]).default("all") }).default({ state: "all" })).query(async ({ ctx, input }) => {
    const rules = await visibleRules(ctx.rt, ctx.access);
    if (rules.length === 0) return [];
    const names = new Map(rules.map((r) => [r.id, r]));
    const where = and(
      inArray(alerts.ruleId, [...names.keys()]),
      input.state === "all" ? undefined : input.state === "active" ? ne(alerts.state, "resolved") : eq(alerts.state, input.state),
    );
    const rows = await ctx.db.select().from(alerts).where(where).orderBy(desc(alerts.openedAt)).limit(500);
    return rows.map((a) => ({ ...a, ruleName: names.get(a.ruleId)?.name ?? "", ruleKind: names.get(a.ruleId)?.kind ?? "" }));
  }),
  acknowledge: analystProcedure.input(id).mutation(async ({ ctx, input }) => {
    const [a] = await ctx.db.select().from(alerts).where(eq(alerts.id, input.id));
    const rules = a ? await visibleRules(ctx.rt, ctx.access) : [];
    if (!a || !rules.some((r) => r.id === a.ruleId)) throw new TRPCError({ code: "NOT_FOUND", message: "That alert no longer exists" });
    if (a.state !== "open") throw new TRPCError({ code: "BAD_REQUEST", message: `The alert is ${a.state}; only an open alert can be acknowledged` });
    const [row] = await ctx.db.update(alerts).set({ state: "acknowledged", acknowledgedAt: new Date(), acknowledgedBy: ctx.access.userId }).where(and(eq(alerts.id, a.id), eq(alerts.state, "open"))).returning();
    await audit(ctx.db, actorOf(ctx), "alert.acknowledge", a.title, { alertId: a.id, ruleId: a.ruleId });
    return row;
  }),
  /** The delivery log of one alert: each attempt to each channel. */
  deliveries: analystProcedure.input(z.object({ alertId: z.uuid() })).query(async ({ ctx, input }) => {
    const [a] = await ctx.db.select({ ruleId: alerts.ruleId }).from(alerts).where(eq(alerts.id, input.alertId));
    const rules = a ? await visibleRules(ctx.rt, ctx.access) : [];
    if (!a || !rules.some((r) => r.id === a.ruleId)) throw new TRPCError({ code: "NOT_FOUND", message: "That alert no longer exists" });
    return ctx.db.select().from(alertDeliveries).where(eq(alertDeliveries.alertId, input.alertId)).orderBy(alertDeliveries.at);
  }),
});

export const alertRulesRouter = createTRPCRouter({
  list: analystProcedure.query(async ({ ctx }) => {
    const rows = await visibleRules(ctx.rt, ctx.access);
    return rows.map((r) => ({ ...r, mine: r.ownerId === ctx.access.userId, canEdit: ctx.access.role === "admin" || r.ownerId === ctx.access.userId }));
  }),
  create: analystProcedure.input(ruleInputSchema).mutation(({ ctx, input }) => call(() => createRule(ctx.rt, ctx.access, actorOf(ctx), input, linkOrigin(ctx.headers)))),
  update: analystProcedure
    .input(z.object({ id: z.uuid(), rule: ruleInputSchema }))
    .mutation(({ ctx, input }) => call(() => updateRule(ctx.rt, ctx.access, actorOf(ctx), input.id, input.rule, linkOrigin(ctx.headers)))),
  remove: analystProcedure.input(id).mutation(async ({ ctx, input }) => {
    await call(() => deleteRule(ctx.rt, ctx.access, actorOf(ctx), input.id));
    return { id: input.id };
  }),
  /** The rule's current value and what would fire now, in the caller's scope; nothing is stored or sent. */
  preview: analystProcedure.input(ruleInputSchema).query(async ({ ctx, input }) => {
    if (PLATFORM_KINDS.includes(input.kind) && !hasAllData(ctx.access)) throw new TRPCError({ code: "FORBIDDEN", message: "Rules about ingestion and services need access to all billing data" });
    const e = await evaluateRule({ rt: ctx.rt, access: ctx.access, trigger: { kind: "schedule" }, now: new Date() }, { kind: input.kind, params: input.params as Record<string, unknown> });
    return { current: e.current ?? null, firing: e.firing.map((f) => ({ title: f.title, period: f.period, numbers: f.numbers })) };
  }),
});

export const alertChannelsRouter = createTRPCRouter({
  /** The notifier plugins and their fields (secrets marked), for the channel form. */
  plugins: analystProcedure.query(({ ctx }) =>
    notifierPlugins()
      .filter((p) => ctx.access.role === "admin" || p.personal)
      .map((p) => ({ id: p.manifest.id, name: p.manifest.name, description: p.manifest.description, personal: p.personal, example: { config: p.example.config, secretFields: Object.keys(p.example.secrets) }, hints: p.hints ?? {} })),
  ),
  list: analystProcedure.query(async ({ ctx }) => (await visibleChannels(ctx.rt, ctx.access)).map((c) => channelView(ctx.rt, c, ctx.access))),
  create: analystProcedure.input(channelInputSchema).mutation(async ({ ctx, input }) => channelView(ctx.rt, await call(() => createChannel(ctx.rt, ctx.access, actorOf(ctx), input)), ctx.access)),
  update: analystProcedure
    .input(z.object({ id: z.uuid(), channel: channelInputSchema }))
    .mutation(async ({ ctx, input }) => channelView(ctx.rt, await call(() => updateChannel(ctx.rt, ctx.access, actorOf(ctx), input.id, input.channel)), ctx.access)),
  remove: analystProcedure.input(id).mutation(async ({ ctx, input }) => {
    await call(() => deleteChannel(ctx.rt, ctx.access, actorOf(ctx), input.id));
    return { id: input.id };
  }),
  test: analystProcedure.input(id).mutation(({ ctx, input }) => call(() => testChannel(ctx.rt, ctx.access, input.id))),
});
