/**
 * The weekly digest (issue 13, item 5): for each user who opted in, on Monday morning in their
 * time zone: spend of the last 7 days with data vs the 7 days before, the top movers by service,
 * the anomalies of the week and their open alerts, all within their billing scope.
 */
import { and, eq, inArray } from "drizzle-orm";
import { alertRules, alerts, digestSubscriptions, users } from "../db/schema";
import { resolveAccess } from "../access/resolve-access";
import { scopeLabel } from "../alerts/scope-label";
import { addDays } from "../analytics/filters";
import { costExplorer } from "../analytics/explorer";
import { detectAnomalies } from "../analytics/anomalies";
import { dataDays } from "../analytics/latest-day";
import { dec } from "../analytics/decimal";
import type { AnalyticsContext } from "../analytics/run";
import type { Runtime } from "../runtime";
import { mailChannel, ReportRefusedError } from "./deliver";

/** Local weekday, date and hour of an instant in an IANA zone. */
export function localTime(at: Date, timeZone: string): { weekday: string; date: string; hour: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, weekday: "long", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" }).formatToParts(at).map((p) => [p.type, p.value]),
  );
  return { weekday: parts.weekday!, date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/** The digest is sent from 07:00 on Monday, local time, once per Monday. */
export const DIGEST_HOUR = 7;

export async function dueDigests(rt: Runtime, at: Date): Promise<string[]> {
  const subs = await rt.db.select().from(digestSubscriptions);
  return subs
    .filter((s) => {
      const t = localTime(at, s.timeZone);
      return t.weekday === "Monday" && t.hour >= DIGEST_HOUR && s.lastSentWeek !== t.date;
    })
    .map((s) => s.userId);
}

export type Mover = { service: string; currency: string; thisWeek: string; lastWeek: string; change: string };
export type Digest = {
  scope: string;
  thisWeek: { from: string; to: string } | null;
  lastWeek: { from: string; to: string } | null;
  /** Per currency: spend (EffectiveCost) this week and last week. */
  totals: { currency: string; thisWeek: string; lastWeek: string }[];
  movers: Mover[];
  anomalies: { day: string; dimension: string; value: string; currency: string; severity: string }[];
  openAlerts: { title: string; openedAt: string }[];
};

async function byService(ctx: AnalyticsContext, period: { from: string; to: string }) {
  const r = await costExplorer(ctx, { ...period, granularity: "month", groupBy: "ServiceName", pageSize: 1000 });
  return r.rows.map((x) => ({ key: `${x.group}\u0000${x.currency}`, service: x.group, currency: x.currency, value: x.value }));
}

export async function buildDigest(rt: Runtime, userId: string): Promise<Digest> {
  const access = await resolveAccess(rt.db, userId);
  const ctx: AnalyticsContext = { ch: rt.ch, scope: access.scope };
  const open = await rt.db
    .select({ title: alerts.title, openedAt: alerts.openedAt })
    .from(alerts)
    .innerJoin(alertRules, eq(alerts.ruleId, alertRules.id))
    .where(and(eq(alertRules.ownerId, userId), inArray(alerts.state, ["open", "acknowledged"])));
  const openAlerts = open.map((a) => ({ title: a.title, openedAt: a.openedAt.toISOString() }));
  const days = await dataDays(ctx);
  if (!days) return { scope: scopeLabel(access.scope), thisWeek: null, lastWeek: null, totals: [], movers: [], anomalies: [], openAlerts };
  const thisWeek = { from: addDays(days.last, -6), to: days.last };
  const lastWeek = { from: addDays(days.last, -13), to: addDays(days.last, -7) };
  const [now, before] = await Promise.all([byService(ctx, thisWeek), byService(ctx, lastWeek)]);
  const keys = new Map([...before, ...now].map((r) => [r.key, r]));
  const value = (rows: typeof now, key: string) => rows.find((r) => r.key === key)?.value ?? "0";
  const movers = [...keys.values()]
    .map((r) => ({ service: r.service, currency: r.currency, thisWeek: value(now, r.key), lastWeek: value(before, r.key), change: dec.sub(value(now, r.key), value(before, r.key)) }))
    .sort((a, b) => Math.abs(Number(b.change)) - Math.abs(Number(a.change)) || a.service.localeCompare(b.service))
    .slice(0, 5);
  const currencies = [...new Set([...keys.values()].map((r) => r.currency))].sort();
  const sum = (rows: typeof now, c: string) => dec.add(...rows.filter((r) => r.currency === c).map((r) => r.value));
  const totals = currencies.map((c) => ({ currency: c, thisWeek: sum(now, c), lastWeek: sum(before, c) }));
  const found = await detectAnomalies(ctx, { ...thisWeek, dimension: "ServiceName" });
  const anomalies = found.anomalies.map((a) => ({ day: a.day, dimension: a.dimension, value: a.value, currency: a.currency, severity: a.severity }));
  return { scope: scopeLabel(access.scope), thisWeek, lastWeek, totals, movers, anomalies, openAlerts };
}

const money = (v: string, c: string) => `${Number(v).toFixed(2)} ${c}`;

export async function sendDigest(rt: Runtime, userId: string, at: Date): Promise<{ to: string }> {
  const [sub] = await rt.db.select().from(digestSubscriptions).where(eq(digestSubscriptions.userId, userId));
  if (!sub) throw new ReportRefusedError("the user no longer receives the digest");
  const [user] = await rt.db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (!user) throw new ReportRefusedError("the user no longer exists");
  const { plugin, config, secrets } = await mailChannel(rt, sub.channelId, userId, user.email);
  const d = await buildDigest(rt, userId);
  const numbers = [
    ...d.totals.flatMap((t) => [{ label: `This week (${t.currency})`, value: money(t.thisWeek, t.currency) }, { label: `Last week (${t.currency})`, value: money(t.lastWeek, t.currency) }]),
    ...d.movers.map((m) => ({ label: `Mover: ${m.service}`, value: `${Number(m.change) >= 0 ? "+" : ""}${money(m.change, m.currency)} (${money(m.lastWeek, m.currency)} → ${money(m.thisWeek, m.currency)})` })),
    { label: "Anomalies this week", value: String(d.anomalies.length) },
    ...d.anomalies.slice(0, 5).map((a) => ({ label: `Anomaly ${a.day}`, value: `${a.value} (${a.severity})` })),
    { label: "Open alerts", value: String(d.openAlerts.length) },
    ...d.openAlerts.slice(0, 5).map((a) => ({ label: "Alert", value: a.title })),
  ];
  const week = d.thisWeek ? `${d.thisWeek.from} to ${d.thisWeek.to}` : "no data in your scope";
  await plugin.send({ config, secrets }, {
    event: "report", alertId: `digest-${userId}`, ruleName: "Weekly digest", title: `Weekly digest: ${week}`, numbers, scope: d.scope,
    link: new URL(`/costs${d.thisWeek ? `?from=${d.thisWeek.from}&to=${d.thisWeek.to}` : ""}`, sub.linkOrigin).toString(), at: at.toISOString(), recipients: [user.email],
  });
  await rt.db.update(digestSubscriptions).set({ lastSentWeek: localTime(at, sub.timeZone).date }).where(eq(digestSubscriptions.userId, userId));
  return { to: user.email };
}
