/**
 * The infrastructure console's 24 h health history: one sample per service per minute in
 * PostgreSQL, written by the app process's minute timer and by page views (each at most once a
 * minute across processes, judged by the newest stored sample), pruned to 24 h on every write.
 */
import { and, asc, desc, gte, lt } from "drizzle-orm";
import { serviceHealthSamples } from "../db/schema";
import type { Db } from "./postgres";
import type { HealthReport } from "./health";
import { processSingleton } from "./singleton";

export const HISTORY_MS = 24 * 60 * 60_000;
export const SAMPLE_EVERY_MS = 60_000;

export async function recordHealthSamples(db: Db, report: HealthReport, at = new Date()): Promise<void> {
  const rows = Object.entries(report.services).map(([service, h]) => ({ service, ok: h!.ok, latencyMs: Math.max(0, Math.round(h!.latencyMs)), at }));
  if (rows.length) await db.insert(serviceHealthSamples).values(rows);
  await db.delete(serviceHealthSamples).where(lt(serviceHealthSamples.at, new Date(at.getTime() - HISTORY_MS)));
}

/**
 * Takes and stores a sample unless one was stored less than a minute ago (by any process).
 * Concurrent callers in this process share one attempt. Returns whether it sampled.
 */
export async function sampleHealthIfDue(db: Db, probe: () => Promise<HealthReport>, now = new Date()): Promise<boolean> {
  const inFlight = processSingleton<{ p?: Promise<boolean> }>("healthSampler", () => ({}));
  inFlight.p ??= (async () => {
    const [latest] = await db.select({ at: serviceHealthSamples.at }).from(serviceHealthSamples).orderBy(desc(serviceHealthSamples.at)).limit(1);
    if (latest && now.getTime() - latest.at.getTime() < SAMPLE_EVERY_MS) return false;
    await recordHealthSamples(db, await probe(), now);
    return true;
  })().finally(() => {
    inFlight.p = undefined;
  });
  return inFlight.p;
}

export type ServiceHistory = {
  service: string;
  samples: number;
  /** Percent of samples that were ok, null without samples. */
  availability: number | null;
  points: { at: string; latencyMs: number; ok: boolean }[];
};

/** Every service's samples of the last 24 h, oldest first, with its availability. */
export async function healthHistory(db: Db, now = new Date()): Promise<ServiceHistory[]> {
  const rows = await db
    .select()
    .from(serviceHealthSamples)
    .where(and(gte(serviceHealthSamples.at, new Date(now.getTime() - HISTORY_MS))))
    .orderBy(asc(serviceHealthSamples.service), asc(serviceHealthSamples.at));
  const byService = new Map<string, ServiceHistory>();
  for (const r of rows) {
    const h = byService.get(r.service) ?? { service: r.service, samples: 0, availability: null, points: [] };
    h.points.push({ at: r.at.toISOString(), latencyMs: r.latencyMs, ok: r.ok });
    byService.set(r.service, h);
  }
  for (const h of byService.values()) {
    h.samples = h.points.length;
    h.availability = h.samples ? (100 * h.points.filter((p) => p.ok).length) / h.samples : null;
  }
  return [...byService.values()];
}

/**
 * The app process's minute timer (started at boot): a sample every minute unless a page view or
 * another app process took one. Failures are logged once per outage, never thrown.
 */
export function startHealthSampler(db: Db, probe: () => Promise<HealthReport>): () => void {
  let failing = false;
  const tick = () =>
    sampleHealthIfDue(db, probe)
      .then(() => {
        failing = false;
      })
      .catch((err: unknown) => {
        if (!failing) console.error(`abi: could not store a health sample: ${(err as Error).message}`);
        failing = true;
      });
  // The first tick waits a minute: at boot the embedded Temporal server is still starting.
  const timer = setInterval(() => void tick(), SAMPLE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
