/**
 * Which statements a dashboard page waits for: runs the procedures behind the slow pages
 * (recommendations, heatmap, cost explorer and its pickers, dataDays) with the result cache off,
 * as an admin and as a user scoped to one sub account, one statement at a time, and prints each
 * statement's time. Seeds --rows synthetic rows (with rollups) unless --data-dir already has data.
 *   npx tsx scripts/bench/page-statements.ts --rows 1000000 [--data-dir DIR] [--runs 3]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createClickHouse } from "../../src/domain/runtime/clickhouse";
import { parseEnv } from "../../src/domain/runtime/env";
import { migrateClickHouse } from "../../src/domain/runtime/clickhouse-migrations";
import { rebuildAllRollups } from "../../src/domain/analytics/rollups";
import { onAnalyticsQuery, type AnalyticsContext } from "../../src/domain/analytics/run";
import { UNRESTRICTED_SCOPE, type AnalyticsScope } from "../../src/domain/analytics/scope";
import { addDays } from "../../src/domain/analytics/filters";
import { recommendations } from "../../src/domain/analytics/recommendations";
import { heatmap } from "../../src/domain/analytics/heatmap";
import { costExplorer, tagKeys } from "../../src/domain/analytics/explorer";
import { dataDays } from "../../src/domain/analytics/latest-day";
import { seedSyntheticFocus } from "./synthetic-focus";

const { values } = parseArgs({ options: { rows: { type: "string", default: "1000000" }, "data-dir": { type: "string" }, runs: { type: "string", default: "3" } } });
const dataDir = values["data-dir"] ?? fs.mkdtempSync(path.join(os.tmpdir(), "abi-page-stmts-"));
fs.mkdirSync(dataDir, { recursive: true });
const ch = createClickHouse(parseEnv({ ...process.env, ABI_DATA_DIR: dataDir, CLICKHOUSE_URL: "" }));
await migrateClickHouse(ch, path.resolve("clickhouse/migrations"));
const count = Number((await (await ch.query({ query: "SELECT count() AS n FROM focus_billing_data", format: "JSONEachRow" })).json<{ n: string }>())[0]!.n);
if (count === 0) {
  await seedSyntheticFocus(ch, { rows: Number(values.rows) });
  await rebuildAllRollups(ch);
}
const last = (await (await ch.query({ query: "SELECT toString(toDate(max(ChargePeriodStart))) AS d FROM focus_billing_data", format: "JSONEachRow" })).json<{ d: string }>())[0]!.d;
console.log(`${(count || Number(values.rows)).toLocaleString("en-US")} rows, last day ${last}, data dir ${dataDir}`);

const scoped: AnalyticsScope = { userId: "bench", role: "viewer", rows: [{ kind: "sub_account", value: "sub-3" }] };
let current: { name: string; ms: number }[] = [];
onAnalyticsQuery((q) => current.push({ name: `${q.name} (${q.source})`, ms: q.ms }));
let shift = 0;
for (const [who, scope] of [["admin", UNRESTRICTED_SCOPE], ["scoped", scoped]] as const) {
  for (let r = 0; r < Number(values.runs); r++) {
    shift += 1;
    const d30 = { from: addDays(last, -29 - shift), to: addDays(last, -shift), filters: [] };
    const ctx: AnalyticsContext = { ch, scope, cache: false, serial: { tail: Promise.resolve() } };
    const pages: [string, () => Promise<unknown>][] = [
      ["dataDays", () => dataDays(ctx)],
      ["recommendations", () => recommendations(ctx, d30)],
      ["heatmap", () => heatmap(ctx, { ...d30, rows: "resource", measure: "cost", limit: 40 })],
      ["explorer", () => costExplorer(ctx, { ...d30, groupBy: "ServiceName" })],
      ["tagKeys", () => tagKeys(ctx, d30)],
    ];
    for (const [page, run] of pages) {
      current = [];
      const t0 = performance.now();
      await run();
      const total = performance.now() - t0;
      console.log(`${who} run ${r} ${page}: ${total.toFixed(0)} ms  ${current.map((c) => `${c.name} ${c.ms.toFixed(0)}`).join(", ")}`);
    }
  }
}
await ch.close();
