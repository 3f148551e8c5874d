/**
 * `abi sql`: the workbench guard from the command line. The expected totals come from plain SQL
 * over the fact table the ingest filled (read after the CLI has exited).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createClient } from "@clickhouse/client";
import { createChdbConnection } from "chdb/connection";
import { runAbi } from "../helpers/run-abi";

const FIXTURE = path.resolve("test/fixtures/azure-ea/EA_ActualCost_Small.csv");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-cli-sql-"));
const abi = (args: string[]) => runAbi(dataDir, args);

describe("abi sql", () => {
  it("prints --json as columns, rows, truncated, elapsedMs; refusals exit 1 with one line", async () => {
    expect((await abi(["ingest", FIXTURE, "--source", "ea-sql"])).code).toBe(0);

    const ok = await abi(["sql", "SELECT toString(sum(BilledCost)) AS total, count() AS n FROM focus", "--json"]);
    expect(ok.code, ok.stderr).toBe(0);
    const out = JSON.parse(ok.stdout) as { columns: { name: string; type: string }[]; rows: unknown[][]; truncated: boolean; elapsedMs: number };
    expect(Object.keys(out)).toEqual(["columns", "rows", "truncated", "elapsedMs"]);
    expect(out.columns).toEqual([
      { name: "total", type: "String" },
      { name: "n", type: "UInt64" },
    ]);
    expect(out.truncated).toBe(false);
    expect(typeof out.elapsedMs).toBe("number");

    const refusals: [string, RegExp][] = [
      ["SELECT * FROM system.tables", /^abi: System tables \(system\.tables\) are not allowed/],
      ["SELECT 1; DROP TABLE focus_billing_data", /^abi: Only one statement per query/],
      ["SELECT * FROM focus_billing_data", /^abi: focus_billing_data is an internal table/],
      ["SELECT * FROM url('http://127.0.0.1:1/x', CSV, 'a String')", /^abi: Table functions such as url\(\)/],
      ["SELECT * FROM focus SETTINGS readonly = 0", /^abi: SETTINGS clauses are not allowed/],
    ];
    for (const [sql, message] of refusals) {
      const r = await abi(["sql", sql, "--json"]);
      expect(r.code, sql).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
    }

    const plain = await abi(["sql", "SELECT 'a' AS x"]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^x\na\n1 row in \d+ ms\n$/);

    // the oracle, after every CLI process has exited
    const ch = createClient({ connection: createChdbConnection({ path: path.join(dataDir, "clickhouse") }) as never });
    const rs = await ch.query({ query: "SELECT toString(sum(BilledCost)) AS total, toString(count()) AS n FROM focus_billing_data", format: "JSONCompactEachRow" });
    expect(out.rows).toEqual(await rs.json());
    await ch.close();
  }, 180_000);
});
