/**
 * What the grant form offers as scope values: the distinct billing accounts, sub accounts,
 * resource groups, tag keys and tag values present in the data (bounded lists, most costly
 * first). Admins may still type a value that is not (yet) in the data.
 */
import { z } from "zod";
import { addDays, whereClause } from "../analytics/filters";
import { Params } from "../analytics/params";
import { dimensionValues, tagKeys } from "../analytics/explorer";
import { dataDays } from "../analytics/latest-day";
import { UNRESTRICTED_SCOPE } from "../analytics/scope";
import { pickSource, runQuery, type AnalyticsContext } from "../analytics/run";
import type { ClickHouseClient } from "@clickhouse/client";

export const scopeValuesInput = z.object({
  kind: z.enum(["billing_account", "sub_account", "resource_group", "tag_key", "tag"]),
  tagKey: z.string().max(256).optional(),
  search: z.string().max(200).optional(),
});
export type ScopeValuesInput = z.infer<typeof scopeValuesInput>;

const COLUMN = { billing_account: "BillingAccountId", sub_account: "SubAccountId", resource_group: "x_ResourceGroupName" } as const;
const LABEL = { billing_account: "BillingAccountName", sub_account: "SubAccountName" } as const;
export const SCOPE_VALUES_LIMIT = 200;

export async function scopeValues(ch: ClickHouseClient, input: ScopeValuesInput): Promise<{ value: string; label: string }[]> {
  const ctx: AnalyticsContext = { ch, scope: UNRESTRICTED_SCOPE };
  const days = await dataDays(ctx);
  if (!days) return [];
  // the last 800 days with data (the range limit of every analytics query)
  const range = { from: [days.first, addDays(days.last, -799)].sort().at(-1) as string, to: days.last };
  if (input.kind === "tag_key") {
    const keys = await tagKeys(ctx, range);
    return keys.filter((k) => !input.search || k.toLowerCase().includes(input.search.toLowerCase())).slice(0, SCOPE_VALUES_LIMIT).map((k) => ({ value: k, label: k }));
  }
  if (input.kind === "tag") {
    if (!input.tagKey) return [];
    const rows = await dimensionValues(ctx, { ...range, dim: `tag:${input.tagKey}`, search: input.search, limit: SCOPE_VALUES_LIMIT });
    return rows.filter((r) => r.value !== "").map((r) => ({ value: r.value, label: r.value }));
  }
  // id plus its display name (billing account / subscription name) when the column has one
  const p = new Params();
  const col = COLUMN[input.kind];
  const label = input.kind === "resource_group" ? col : LABEL[input.kind];
  const src = await pickSource(ctx, [col, label]);
  const extra = [`${col} IS NOT NULL`, `${col} != ''`];
  if (input.search) extra.push(`positionCaseInsensitiveUTF8(concat(${col}, ' ', ifNull(${label}, '')), ${p.bind(input.search, "String")}) > 0`);
  const sql = `SELECT toString(${col}) AS value, toString(ifNull(any(${label}), '')) AS label, sum(EffectiveCost) AS cost FROM ${src.table}
WHERE ${whereClause(range, ctx.scope, p, extra)} GROUP BY value ORDER BY abs(cost) DESC, value LIMIT ${SCOPE_VALUES_LIMIT}`;
  const rows = await runQuery<{ value: string; label: string }>(ctx, { name: "access.scopeValues", sql, params: p, source: src.source });
  return rows.map((r) => ({ value: r.value, label: r.label && r.label !== r.value ? `${r.value} (${r.label})` : r.value }));
}
