import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { FOCUS_12_COLUMNS, columnType } from "~/domain/focus/columns";
import { rowRuleSet } from "~/domain/focus/validation";
import { flatJsonObject } from "~/domain/focus/sql-fragments";
import { freshClickHouse } from "../helpers/chdb";

// The Azure conversion skips the key-value rules for Tags it rebuilt from a JSON object and for
// SkuPriceDetails (always rebuilt): row-rules.ts AZURE_TRUSTED_KEY_VALUES. This proves the skip can
// never change a result: over awkward inputs, every rebuilt value passes the full model rule.
const TAG_TEXTS = [
  '{"env":"prod"}',
  '"env": "prod", "team": "core"',
  '{"a":1,"a":2,"b":true,"c":null}',
  '{"a": {"b": 1}, "c": [1, 2], "d":   {"e":[]}}',
  '{ "x" :  [ ] , "y":{ } }',
  '{"k\\"q":"v\\u00e9\\n","emoji":"\\ud83d\\ude00"}',
  '{"":"empty key","n":-1.5e3}',
  "{}",
  '{"a":"1"} trailing',
  '"a":',
  "not json",
  "[1,2]",
  '"just a string"',
  '{"a":{"b":',
];
const AI_TEXTS = ['{"VCPUs":2,"ImageType":"Windows"}', '{"a":{"b":[1]},"a":3}', '{"UsageType":" spaced ","n":null}', "{}"];

describe("key-value rules over values the Azure conversion rebuilds", () => {
  let ch: ClickHouseClient;
  let dataDir: string;
  beforeAll(async () => {
    ({ ch, dataDir } = await freshClickHouse({ migrate: false }));
  }, 120_000);
  afterAll(async () => {
    await ch?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const rule = (id: string) => {
    const set = rowRuleSet({ columns: FOCUS_12_COLUMNS.map((c) => ({ name: c.name, type: columnType(c, true) })), focusVersion: "1.2" });
    const r = set.rules.find((x) => x.id === id);
    if (!r) throw new Error(`no rule ${id}`);
    return r.failWhen;
  };

  it("rebuilt Tags always pass Tags-C-001-M; passed-through text is still judged", async () => {
    const rs = await ch.query({
      query: `SELECT src, t_tags_object AS rebuilt, Tags, (${rule("Tags-C-001-M")}) AS fails FROM (
        SELECT src, ${flatJsonObject("t_tags", { objectFlag: "t_tags_object" })} AS Tags, t_tags_object FROM (
          SELECT src, if(startsWith(src, '{'), src, concat('{', src, '}')) AS t_tags, ifNull(JSONType(t_tags) = 'Object', 0) AS t_tags_object
          FROM (SELECT arrayJoin({texts:Array(String)}) AS src)))`,
      query_params: { texts: TAG_TEXTS },
      format: "JSONEachRow",
    });
    const rows = await rs.json<{ src: string; rebuilt: number; Tags: string | null; fails: number }>();
    expect(rows).toHaveLength(TAG_TEXTS.length);
    for (const r of rows.filter((x) => Number(x.rebuilt) === 1)) expect({ src: r.src, fails: Number(r.fails) }).toEqual({ src: r.src, fails: 0 });
    // hand-checked: these are not JSON objects even after wrapping in {}, so they pass through and fail
    const failing = rows.filter((x) => Number(x.fails) === 1).map((x) => x.src).sort();
    expect(failing).toEqual(['"a":', '"just a string"', "[1,2]", '{"a":"1"} trailing', '{"a":{"b":', "not json"].sort());
    expect(rows.filter((x) => Number(x.rebuilt) === 0).map((x) => x.src).sort()).toEqual(failing);
  });

  it("SkuPriceDetails rebuilt from an AdditionalInfo object always passes SkuPriceDetails-C-001-M", async () => {
    const rs = await ch.query({
      query: `SELECT src, (${rule("SkuPriceDetails-C-001-M")}) AS fails FROM (
        SELECT src, ${flatJsonObject("t_ai", { keyPrefix: "x_", knownObject: true })} AS SkuPriceDetails FROM (
          SELECT src, if(JSONType(src) = 'Object', src, NULL) AS t_ai FROM (SELECT arrayJoin({texts:Array(String)}) AS src)))`,
      query_params: { texts: [...AI_TEXTS, ...TAG_TEXTS] },
      format: "JSONEachRow",
    });
    const rows = await rs.json<{ src: string; fails: number }>();
    expect(rows.filter((r) => Number(r.fails) !== 0)).toEqual([]);
  });
});
