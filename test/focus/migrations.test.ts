import { beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { FOCUS_COLUMNS, columnType } from "~/domain/focus/columns";

let ch: ClickHouseClient;
beforeAll(async () => {
  ({ ch } = await freshClickHouse());
});

describe("focus model migration", () => {
  it("creates focus_billing_data with exactly the catalogue's columns and types", async () => {
    const rs = await ch.query({
      query: "SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = 'focus_billing_data' ORDER BY position",
      format: "JSONEachRow",
    });
    const rows = await rs.json<{ name: string; type: string }>();
    expect(rows.map((r) => r.name)).toEqual(FOCUS_COLUMNS.map((c) => c.name));
    const norm = (t: string) => t.replace(/\s+/g, "");
    expect(rows.map((r) => norm(r.type))).toEqual(FOCUS_COLUMNS.map((c) => norm(columnType(c))));
  });
});
