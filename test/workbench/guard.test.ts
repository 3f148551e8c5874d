import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { insertFocusRows } from "../analytics/focus-rows";
import { guardSql } from "~/domain/workbench/guard";
import { runWorkbenchQuery } from "~/domain/workbench/run";
import { UNRESTRICTED_SCOPE } from "~/domain/analytics/scope";

let ch: ClickHouseClient;
beforeAll(async () => {
  ({ ch } = await freshClickHouse());
  await insertFocusRows(ch, [{ day: "2025-03-01", cost: "1.00" }]);
}, 60_000);
afterAll(async () => ch?.close());

/** [query, a fragment the refusal message must contain] — every class the guard refuses. */
const REFUSED: [string, RegExp][] = [
  // more than one statement
  ["SELECT 1; SELECT 2", /Only one statement/],
  ["SELECT * FROM focus; DROP TABLE focus_billing_data", /Only one statement/],
  // statement kinds other than SELECT / WITH
  ["INSERT INTO focus_billing_data (BilledCost) VALUES (1)", /Only SELECT .* INSERT statement/],
  ["DROP TABLE focus_billing_data", /Only SELECT .* DROP statement/],
  ["ALTER TABLE focus_billing_data DELETE WHERE 1", /Only SELECT .* ALTER statement/],
  ["SHOW TABLES", /Only SELECT .* SHOW statement/],
  ["DESCRIBE TABLE focus_billing_data", /Only SELECT .* DESCRIBE statement/],
  ["EXPLAIN SELECT 1", /Only SELECT .* EXPLAIN statement/],
  ["SET readonly = 0", /Only SELECT .* SET statement/],
  ["SYSTEM DROP DNS CACHE", /Only SELECT .* SYSTEM statement/],
  ["CREATE TABLE x (a Int8) ENGINE = Memory", /Only SELECT .* CREATE statement/],
  // tables outside the allow-list
  ["SELECT * FROM system.tables", /System tables \(system\.tables\) are not allowed/],
  ["SELECT name FROM system.users", /System tables \(system\.users\)/],
  ["SELECT * FROM information_schema.tables", /information_schema tables/],
  ["SELECT * FROM INFORMATION_SCHEMA.COLUMNS", /information_schema tables/],
  ["SELECT * FROM focus_billing_data", /focus_billing_data is an internal table/],
  ["SELECT * FROM `focus_billing_data`", /focus_billing_data is an internal table/],
  ["SELECT * FROM default.focus_billing_data", /Tables of other databases \(default\.focus_billing_data\)/],
  ["SELECT * FROM focus WHERE SubAccountId IN (SELECT SubAccountId FROM ingest_runs)", /ingest_runs is an internal table/],
  ["SELECT * FROM focus AS f JOIN focus_daily_resource AS r ON 1", /focus_daily_resource is an internal table/],
  ["SELECT * FROM focus UNION ALL SELECT * FROM focus_billing_data", /focus_billing_data is an internal table/],
  ["WITH x AS (SELECT * FROM focus_billing_data) SELECT * FROM x", /focus_billing_data is an internal table/],
  ["SELECT * FROM focus WHERE BillingAccountId IN focus_billing_data", /focus_billing_data refers to a table/],
  // table functions
  ["SELECT * FROM file('/etc/passwd', 'LineAsString')", /Table functions such as file\(\)/],
  ["SELECT * FROM url('http://127.0.0.1/', CSV, 'a String')", /Table functions such as url\(\)/],
  ["SELECT * FROM s3('http://127.0.0.1/b/k.csv')", /Table functions such as s3\(\)/],
  ["SELECT * FROM remote('127.0.0.1', default.focus_billing_data)", /Table functions such as remote\(\)/],
  ["SELECT * FROM cluster('default', system.one)", /Table functions such as cluster\(\)/],
  ["SELECT * FROM numbers(1000000000000)", /Table functions such as numbers\(\)/],
  ["SELECT * FROM executable('x.sh', CSV, 'a String')", /Table functions such as executable\(\)/],
  ["SELECT * FROM mysql('h:3306', 'd', 't', 'u', 'p')", /Table functions such as mysql\(\)/],
  ["SELECT * FROM postgresql('h:5432', 'd', 't', 'u', 'p')", /Table functions such as postgresql\(\)/],
  ["SELECT * FROM focus WHERE 1 IN (SELECT 1 FROM merge('default', '.*'))", /Table functions such as merge\(\)/],
  ["SELECT * FROM view(SELECT * FROM focus_billing_data)", /Table functions such as view\(\)/],
  // functions that read outside the views
  ["SELECT dictGet('d', 'a', 1)", /function dictGet\(\) is not allowed/],
  ["SELECT joinGet('j', 'a', 1)", /function joinGet\(\) is not allowed/],
  ["SELECT file('/etc/passwd')", /function file\(\) is not allowed/],
  // settings overrides
  ["SELECT * FROM focus SETTINGS readonly = 0", /SETTINGS clauses are not allowed/],
  ["SELECT * FROM (SELECT * FROM focus SETTINGS max_execution_time = 0)", /SETTINGS clauses are not allowed/],
  // output clauses
  ["SELECT * FROM focus INTO OUTFILE '/tmp/x.csv'", /INTO OUTFILE is not allowed/],
  ["SELECT * FROM focus FORMAT CSV", /FORMAT clauses are not allowed/],
  // parameters, syntax, empty
  ["SELECT {p0:String}", /Query parameters/],
  ["SELECT * FROM focus WHERE", /does not parse/],
  ["SELECT 1 /* unterminated", /does not parse/],
  ["   ", /Write a SELECT query first/],
];

describe("workbench guard", () => {
  it("refuses at least 20 queries of every class", () => expect(REFUSED.length).toBeGreaterThanOrEqual(20));

  it.each(REFUSED)("refuses %s", async (sql, message) => {
    const err = await guardSql(ch, sql).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.name, `${sql} was not refused`).toBe("WorkbenchRefusal");
    expect(err!.message).toMatch(message);
    expect(err!.message).not.toContain("\n");
  });

  it.each([
    "SELECT sum(BilledCost) FROM focus",
    "WITH t AS (SELECT ServiceName, EffectiveCost FROM focus) SELECT ServiceName, sum(EffectiveCost) FROM t GROUP BY ServiceName",
    "select 1 -- a trailing comment",
    "SELECT * FROM focus AS f JOIN focus AS g ON f.ResourceId = g.ResourceId LIMIT 1",
    "SELECT 'system.tables', 'SETTINGS readonly=0' FROM focus",
  ])("accepts %s", async (sql) => {
    await expect(guardSql(ch, sql)).resolves.toHaveProperty("sql");
  });

  it("runs accepted SQL through the engine, scoped views bound", async () => {
    const r = await runWorkbenchQuery(ch, UNRESTRICTED_SCOPE, "SELECT toString(sum(EffectiveCost)) AS total, count() AS n FROM focus");
    expect(r.columns.map((c) => c.name)).toEqual(["total", "n"]);
    expect(r.rows).toEqual([["1", "1"]]);
  });
});
