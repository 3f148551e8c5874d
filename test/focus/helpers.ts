import type { ClickHouseClient } from "@clickhouse/client";

export async function rows<T = Record<string, string>>(ch: ClickHouseClient, query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const rs = await ch.query({ query, query_params: params, format: "JSONEachRow" });
  return rs.json<T>();
}

/** Exact decimal comparison of two decimal strings via ClickHouse (no JS floats). */
export async function decimalEquals(ch: ClickHouseClient, a: string, b: string): Promise<boolean> {
  const [r] = await rows<{ eq: number }>(ch, "SELECT toDecimal128({a:String}, 18) = toDecimal128({b:String}, 18) AS eq", { a, b });
  return Number(r?.eq) === 1;
}

export const FIX = (name: string) => `test/fixtures/${name}`;
