/** Recomputes showback results from a month on, with the rules, team key and aliases in PostgreSQL. */
import type { ClickHouseClient } from "@clickhouse/client";
import type { Db } from "../runtime/postgres";
import { setTagAliases } from "../analytics/tag-aliases";
import { monthsFrom, recomputeMonth } from "./compute";
import { effectiveRules, listRules, loadTagAliasMap, teamTagKey } from "./rules-store";

/** Returns the months recomputed (every month with data or results from `from` on). */
export async function recomputeAllocations(db: Db, ch: ClickHouseClient, from = "1970-01-01"): Promise<string[]> {
  setTagAliases(await loadTagAliasMap(db));
  const [rules, key, months] = await Promise.all([listRules(db), teamTagKey(db), monthsFrom(ch, from)]);
  for (const m of months) await recomputeMonth(ch, m, key, effectiveRules(rules, m));
  return months;
}
