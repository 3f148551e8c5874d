import type { Runtime } from "~/domain/runtime";

/**
 * What is stored: row counts and cost sums of the FOCUS data in ClickHouse, row counts of every
 * PostgreSQL table a request can write (a refused ingest may still leave its run's bookkeeping).
 */
export async function storedState(rt: Runtime) {
  const rs = await rt.ch.query({
    query: "SELECT count() AS rows, toString(sum(EffectiveCost)) AS cost, toString(sum(BilledCost)) AS billed FROM focus_billing_data",
    format: "JSONEachRow",
  });
  const [focus] = await rs.json<{ rows: string; cost: string; billed: string }>();
  const pg: Record<string, number> = {};
  for (const table of ["users", "budgets", "saved_views", "anomaly_feedback", "data_sources", "grants", "groups", "api_tokens"]) {
    const r = (await rt.db.execute(`select count(*)::int as n from ${table}`)) as unknown as { rows: { n: number }[] };
    pg[table] = Number(r.rows[0]?.n);
  }
  return { focus, pg };
}
