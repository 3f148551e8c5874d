import fs from "node:fs";
import type { ClickHouseClient } from "@clickhouse/client";
import { columnType, FOCUS_COLUMNS } from "~/domain/focus/columns";
import { assertIdentifier } from "~/domain/focus/validation/sql";
import { parseCsv } from "./parse-csv";

/**
 * Loads a small FOCUS CSV fixture (the spec's scenario files, hand-made samples) into a ClickHouse
 * table typed from the FOCUS column catalogue, with only the columns the file has. It normalises the
 * scenario files' presentation quirks: BOM, header case, `null`, `$1,000.00 `, US dates `4/1/25`.
 * Not the product's reader: fixtures only.
 */

const byLowerName = new Map(FOCUS_COLUMNS.map((c) => [c.name.toLowerCase(), c]));

function normaliseValue(raw: string, kind: string | undefined): string | null {
  const v = raw.trim();
  if (v === "" || v.toLowerCase() === "null") return null;
  if (kind === "metric") return v.replace(/[$,\s]/g, "");
  if (kind === "date") {
    const us = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(v);
    if (us) {
      const year = us[3]!.length === 2 ? `20${us[3]}` : us[3]!;
      return `${year}-${us[1]!.padStart(2, "0")}-${us[2]!.padStart(2, "0")}T00:00:00Z`;
    }
  }
  return raw;
}

export type FixtureTable = { table: string; columns: { name: string; type: string }[]; rows: number };

export async function loadFocusCsvFixture(ch: ClickHouseClient, file: string, table: string): Promise<FixtureTable> {
  const [header, ...data] = parseCsv(fs.readFileSync(file, "utf8"));
  if (!header) throw new Error(`${file} is empty`);
  return loadFocusRecords(ch, header, data, table);
}

/** Same as loadFocusCsvFixture for records already split into a header and rows of CSV text values. */
export async function loadFocusRecords(ch: ClickHouseClient, header: string[], data: string[][], table: string): Promise<FixtureTable> {
  assertIdentifier(table, "table name");
  const cols = header.map((h) => {
    const known = byLowerName.get(h.trim().toLowerCase());
    const name = known?.name ?? h.trim();
    assertIdentifier(name, "column name");
    return { name, type: known ? columnType(known, true) : "Nullable(String)", kind: known?.kind };
  });
  await ch.command({ query: `DROP TABLE IF EXISTS ${table}` });
  const ddl = cols.map((c) => `\`${c.name}\` ${c.type}`).join(", ");
  await ch.command({ query: `CREATE TABLE ${table} (${ddl}, _row UInt32) ENGINE = MergeTree ORDER BY _row` });
  const values = data.map((r, i) => {
    const o: Record<string, string | number | null> = { _row: i + 1 };
    cols.forEach((c, j) => (o[c.name] = normaliseValue(r[j] ?? "", c.kind)));
    return o;
  });
  if (values.length) {
    await ch.insert({
      table,
      values,
      format: "JSONEachRow",
      clickhouse_settings: { date_time_input_format: "best_effort", input_format_null_as_default: 0 },
    });
  }
  return { table, columns: cols.map(({ name, type }) => ({ name, type })), rows: values.length };
}
