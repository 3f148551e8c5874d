/** The stored validation report of a run (latest run when no id is given). */
import type { ClickHouseClient } from "@clickhouse/client";
import { storedPeriodTotals, type PeriodTotals } from "./period-totals";

export type StoredRuleResult = { rule: string; level: string; result: string; violations: number; details: string };

export async function validationReport(ch: ClickHouseClient, runId?: string): Promise<{ runId: string; results: StoredRuleResult[]; reconciliation: PeriodTotals[] } | null> {
  let id = runId;
  if (!id) {
    // The latest run that was validated: a contract-commitment run (checked row by row, no FOCUS rules) has no report.
    const rs = await ch.query({
      query: "SELECT run_id FROM ingest_runs FINAL WHERE status = 'succeeded' AND run_id IN (SELECT run_id FROM validation_results) ORDER BY started_at DESC LIMIT 1",
      format: "JSONEachRow",
    });
    id = (await rs.json<{ run_id: string }>())[0]?.run_id;
    if (!id) return null;
  }
  const rs = await ch.query({
    query: `SELECT rule_id AS rule, level, result, violations, details FROM validation_results FINAL WHERE run_id = {id:String}
ORDER BY result = 'fail' DESC, rule_id`,
    query_params: { id },
    format: "JSONEachRow",
  });
  const results = (await rs.json<StoredRuleResult & { violations: string }>()).map((r) => ({ ...r, violations: Number(r.violations) }));
  return { runId: id, results, reconciliation: await storedPeriodTotals(ch, id) };
}
