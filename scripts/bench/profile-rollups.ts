/**
 * CPU of the resource rollup build, variants alternated in one process (embedded chDB): ingests the
 * bench dataset once, then rebuilds one month's resource rollup into scratch tables.
 * npx tsx scripts/bench/profile-rollups.ts --rows 1000000 [--repeat 3]
 */
import { parseArgs } from "node:util";
import { ingestFiles } from "../../src/domain/ingest";
import { RESOURCE_ROLLUP, ROLLUPS } from "../../src/domain/analytics/rollups";
import { benchDataset } from "./ea-dataset";
import { withEmbeddedStore } from "./embedded-store";

const { values } = parseArgs({ options: { rows: { type: "string", default: "1000000" }, seed: { type: "string", default: "42" }, repeat: { type: "string", default: "3" } } });

async function main() {
  const ds = await benchDataset({ rows: Number(values.rows), seed: Number(values.seed), log: (m) => process.stderr.write(`${m}\n`) });
  await withEmbeddedStore("abi-profr", async (ch) => {
    await ingestFiles(ch, { sourceId: "prof", files: ds.files.map((f) => f.path) });
    const [p] = await (await ch.query({ query: "SELECT x_SourceId AS s, toString(x_BillingMonth) AS m, count() AS n FROM focus_billing_data GROUP BY s, m ORDER BY n DESC LIMIT 1", format: "JSONEachRow" })).json<{ s: string; m: string; n: string }>();
    const dims = ROLLUPS[RESOURCE_ROLLUP].dims.join(", ");
    const sums = ROLLUPS[RESOURCE_ROLLUP].sums;
    const plain = (scratch: string) => `INSERT INTO ${scratch} (x_SourceId, x_BillingMonth, ChargePeriodStart, ${dims}, ${sums.map(([c]) => c).join(", ")})
SELECT x_SourceId, x_BillingMonth, toStartOfDay(ChargePeriodStart) AS Day, ${dims}, ${sums.map(([c, e]) => `${e} AS s_${c}`).join(", ")}
FROM focus_billing_data WHERE x_SourceId = {s:String} AND x_BillingMonth = {m:Date}
GROUP BY x_SourceId, x_BillingMonth, Day, ${dims}
SETTINGS max_bytes_before_external_group_by = 1073741824, min_insert_block_size_rows = 262144, min_insert_block_size_bytes = 67108864`;
    const variants: Record<string, { setup?: string; sql: (t: string) => string }> = {
      "as shipped (TagMap MATERIALIZED per rollup row)": { sql: plain },
      "no TagMap column (lower bound)": { setup: "ALTER TABLE {t} DROP COLUMN TagMap", sql: plain },
      "GROUP BY only, into a Null table (no sort, no part written)": { setup: "CREATE TABLE {t}_null AS {t} ENGINE = Null", sql: (t) => plain(`${t}_null`) },
      "max_insert_threads = 2": { sql: (t) => `${plain(t)}, max_insert_threads = 2` },
      "max_threads = 2, max_insert_threads = 2": { sql: (t) => `${plain(t)}, max_threads = 2, max_insert_threads = 2` },
      "no TagMap, ChargePeriodStart first in GROUP BY keys only": { setup: "ALTER TABLE {t} DROP COLUMN TagMap", sql: (t) => `${plain(t)}, optimize_aggregation_in_order = 0, max_threads = 2` },
      // Tried and dropped (docs/benchmarks.md): TagMap parsed once per distinct Tags and joined back
      // on Tags (insert_allow_materialized_columns) cost more than parsing every rollup row.
    };
    console.log(`month ${p.m}: ${p.n} fact rows`);
    const cpu: Record<string, number[]> = {};
    for (let i = 0; i < Number(values.repeat); i++) {
      for (const [name, v] of Object.entries(variants)) {
        const t = `prof_scratch_${i}_${Object.keys(cpu).length}`;
        await ch.command({ query: `CREATE TABLE ${t} AS ${RESOURCE_ROLLUP}` });
        if (v.setup) await ch.command({ query: v.setup.replaceAll("{t}", t) });
        const c0 = process.cpuUsage();
        const w0 = Date.now();
        await ch.command({ query: v.sql(t), query_params: { s: p.s, m: p.m } });
        const c = process.cpuUsage(c0);
        const rows = (await (await ch.query({ query: `SELECT count() AS n FROM ${t}`, format: "JSONEachRow" })).json<{ n: string }>())[0].n;
        await ch.command({ query: `DROP TABLE ${t}` });
        await ch.command({ query: `DROP TABLE IF EXISTS ${t}_null` });
        (cpu[name] ??= []).push((c.user + c.system) / 1e6);
        console.log(`${name}: ${((Date.now() - w0) / 1000).toFixed(2)} s wall, ${((c.user + c.system) / 1e6).toFixed(2)} s CPU, ${rows} rows`);
      }
    }
    for (const [name, xs] of Object.entries(cpu)) console.log(`${name}: CPU ${xs.map((x) => x.toFixed(2)).join(" / ")}`);
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
