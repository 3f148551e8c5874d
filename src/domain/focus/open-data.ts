/**
 * Loads the FinOps toolkit open data (clickhouse/open-data/*.csv, MIT) and the FOCUS service
 * category tree into the dim_* lookup tables. Refreshable: each table is rebuilt in a new table
 * and swapped in with EXCHANGE TABLES, so readers never see a half-loaded lookup.
 * Which column each lookup fills: docs/focus-mapping.md#service-sku-resource-and-region and
 * docs/focus-mapping.md#quantities-and-units.
 */
import fs from "node:fs";
import path from "node:path";
import type { ClickHouseClient } from "@clickhouse/client";
import { projectRoot } from "../runtime/project-root";
import { serviceCategoryPairs } from "./service-categories";

export const OPEN_DATA_DIR = () => path.join(projectRoot(), "clickhouse", "open-data");

const CSV_TABLES = [
  { table: "dim_services", file: "Services.csv", lowerKeys: ["ConsumedService", "ResourceType"] },
  { table: "dim_resource_types", file: "ResourceTypes.csv", lowerKeys: ["ResourceType"] },
  { table: "dim_regions", file: "Regions.csv", lowerKeys: ["OriginalValue"] },
  { table: "dim_pricing_units", file: "PricingUnits.csv", lowerKeys: [] },
] as const;

async function rebuild(ch: ClickHouseClient, table: string, fill: (tmp: string) => Promise<void>): Promise<number> {
  const tmp = `${table}_loading`;
  await ch.command({ query: `DROP TABLE IF EXISTS ${tmp}` });
  await ch.command({ query: `CREATE TABLE ${tmp} AS ${table}` });
  try {
    await fill(tmp);
    await ch.command({ query: `EXCHANGE TABLES ${table} AND ${tmp}` });
  } finally {
    await ch.command({ query: `DROP TABLE IF EXISTS ${tmp}` });
  }
  const rs = await ch.query({ query: `SELECT count() AS n FROM ${table}`, format: "JSONEachRow" });
  return Number((await rs.json<{ n: string }>())[0]?.n ?? 0);
}

/** (Re)loads every lookup table; returns row counts per table. */
export async function loadOpenData(ch: ClickHouseClient, dir = OPEN_DATA_DIR()): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { table, file, lowerKeys } of CSV_TABLES) {
    counts[table] = await rebuild(ch, table, async (tmp) => {
      const raw = `${table}_raw`;
      await ch.command({ query: `DROP TABLE IF EXISTS ${raw}` });
      // All-String copy of the columns: the CSVs quote booleans and numbers.
      const desc = await ch.query({ query: `DESCRIBE TABLE ${table}`, format: "JSONEachRow" });
      const names = (await desc.json<{ name: string }>()).map((c) => c.name);
      await ch.command({ query: `CREATE TABLE ${raw} (${names.map((n) => `${n} String`).join(", ")}) ENGINE = Memory` });
      try {
        // SETTINGS inline (not clickhouse_settings): chDB would keep those as session-wide SETs.
        const rs = await ch.exec({
          query: `INSERT INTO ${raw} SETTINGS input_format_skip_unknown_fields = 1, input_format_with_names_use_header = 1, format_csv_allow_single_quotes = 0 FORMAT CSVWithNames`,
          values: fs.createReadStream(path.join(dir, file)),
        });
        rs.stream.resume();
        const replace = lowerKeys.length ? ` REPLACE (${lowerKeys.map((k) => `lower(${k}) AS ${k}`).join(", ")})` : "";
        await ch.command({ query: `INSERT INTO ${tmp} SELECT *${replace} FROM ${raw}` });
      } finally {
        await ch.command({ query: `DROP TABLE IF EXISTS ${raw}` });
      }
    });
  }
  counts.dim_service_categories = await rebuild(ch, "dim_service_categories", async (tmp) => {
    await ch.insert({ table: tmp, values: serviceCategoryPairs(), format: "JSONEachRow" });
  });
  return counts;
}

/** Loads the lookups once (when empty); call after migrations. */
export async function ensureOpenData(ch: ClickHouseClient): Promise<void> {
  const rs = await ch.query({ query: "SELECT count() AS n FROM dim_services", format: "JSONEachRow" });
  if (Number((await rs.json<{ n: string }>())[0]?.n ?? 0) === 0) await loadOpenData(ch);
}
