import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import type { HealthReport } from "~/domain/runtime/health";
import { healthHistory, recordHealthSamples, sampleHealthIfDue } from "~/domain/runtime/health-history";
import { createUser } from "~/domain/auth/bootstrap";
import { appRouter } from "~/server/api/root";
import { createCallerFactory } from "~/server/api/trpc";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";
import { adminCaller } from "../helpers/admin-caller";

/** The 24 h health history in PostgreSQL (PGlite): sampling cadence, retention, availability. */
let rt: Runtime;

/** A probe result as checkHealth reports it (the history stores service, ok and latency). */
const reportOf = (services: Record<string, { ok: boolean; latencyMs: number }>): HealthReport => ({
  status: Object.values(services).every((s) => s.ok) ? "ok" : "degraded",
  checkedAt: new Date().toISOString(),
  services: Object.fromEntries(Object.entries(services).map(([k, v]) => [k, { ...v, mode: "embedded" as const }])),
});

const count = async () => {
  const res = await rt.db.execute<{ n: string }>(sql`select count(*)::text as n from service_health_samples`);
  return Number((res as unknown as { rows: { n: string }[] }).rows[0]!.n);
};
const clear = () => rt.db.execute(sql`delete from service_health_samples`);

beforeAll(async () => {
  if (process.env.TEST_TEMPORAL_ADDRESS) process.env.TEMPORAL_ADDRESS = process.env.TEST_TEMPORAL_ADDRESS;
  rt = await freshEmbeddedRuntime("health-history");
});
afterAll(async () => rt?.close());

describe("health history", () => {
  it("samples at most once a minute, also across callers, and again after a minute", async () => {
    await clear();
    const t0 = new Date("2026-06-01T10:00:00Z");
    let probes = 0;
    const probe = async () => {
      probes++;
      return reportOf({ clickhouse: { ok: true, latencyMs: 3 }, postgres: { ok: true, latencyMs: 1 } });
    };
    // Two page views at once and one 59 s later: one sample.
    const [a, b] = await Promise.all([sampleHealthIfDue(rt.db, probe, t0), sampleHealthIfDue(rt.db, probe, t0)]);
    expect([a, b]).toEqual([true, true]); // the same shared attempt
    expect(await sampleHealthIfDue(rt.db, probe, new Date(t0.getTime() + 59_000))).toBe(false);
    expect(probes).toBe(1);
    expect(await count()).toBe(2);
    expect(await sampleHealthIfDue(rt.db, probe, new Date(t0.getTime() + 60_000))).toBe(true);
    expect(probes).toBe(2);
    expect(await count()).toBe(4);
  });

  it("keeps 24 h: older samples are deleted when new ones are written", async () => {
    await clear();
    const t0 = new Date("2026-06-01T00:00:00Z");
    await recordHealthSamples(rt.db, reportOf({ redis: { ok: true, latencyMs: 2 } }), t0);
    await recordHealthSamples(rt.db, reportOf({ redis: { ok: true, latencyMs: 2 } }), new Date(t0.getTime() + 12 * 3600_000));
    expect(await count()).toBe(2);
    await recordHealthSamples(rt.db, reportOf({ redis: { ok: true, latencyMs: 2 } }), new Date(t0.getTime() + 24 * 3600_000 + 60_000));
    expect(await count()).toBe(2); // the first one is more than 24 h older than the newest
  });

  it("gives each service its availability and latency points, oldest first", async () => {
    await clear();
    const t0 = new Date("2026-06-02T00:00:00Z");
    const minute = (i: number) => new Date(t0.getTime() + i * 60_000);
    // temporal: ok, ok, down, ok → 75 %; clickhouse: 4 × ok → 100 %.
    const temporal = [true, true, false, true];
    for (let i = 0; i < 4; i++) {
      await recordHealthSamples(rt.db, reportOf({ temporal: { ok: temporal[i]!, latencyMs: 10 * (i + 1) }, clickhouse: { ok: true, latencyMs: 5 } }), minute(i));
    }
    const history = await healthHistory(rt.db, minute(4));
    const t = history.find((h) => h.service === "temporal")!;
    expect(t).toMatchObject({ samples: 4, availability: 75 });
    expect(t.points.map((p) => [p.latencyMs, p.ok])).toEqual([[10, true], [20, true], [30, false], [40, true]]);
    expect(t.points[0]!.at).toBe(minute(0).toISOString());
    expect(history.find((h) => h.service === "clickhouse")).toMatchObject({ samples: 4, availability: 100 });
    // Seen from a day and a bit later, only the samples within 24 h count.
    const later = await healthHistory(rt.db, new Date(minute(2).getTime() + 24 * 3600_000 + 1));
    expect(later.find((h) => h.service === "temporal")).toMatchObject({ samples: 1, availability: 100 });
  });

  it("a page view (system.health) stores the minute's sample; the history is for admins only", async () => {
    await clear();
    const admin = await adminCaller(rt);
    const report = await admin.system.health();
    const history = await admin.system.healthHistory();
    expect(history.map((h) => h.service).sort()).toEqual(Object.keys(report.services).sort());
    for (const h of history) expect(h.samples).toBe(1);

    const viewer = await createUser(rt.db, { email: "viewer@example.com", password: "a-long-password", role: "viewer" });
    const asViewer = createCallerFactory(appRouter)({
      rt, db: rt.db, ch: rt.ch, headers: new Headers(),
      session: { expires: "2999-01-01", user: { id: viewer.id, email: viewer.email, name: "", role: "viewer" } },
    });
    await expect(asViewer.system.healthHistory()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
