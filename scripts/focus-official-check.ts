/**
 * Runs the official focus-validator on FOCUS rows and compares its failures with
 * docs/focus-validator-defects.md. Started by scripts/focus-official-check.sh (which installs the
 * validator and sets FOCUS_VALIDATOR_BIN / FOCUS_VALIDATOR_CWD). Exit 1 on any unexpected failure.
 *   1. datasets (test/focus-official/datasets.ts): ingest runs (`abi ingest` of Azure exports, then
 *      `abi export --format parquet`; ABI's own validation runs on focus_billing_data) and FOCUS CSVs
 *      loaded as they are. Failures outside the allow-list fail the check, except a dataset's own
 *      source defects (rules its source rows break, each proven by a query over the file:
 *      test/focus-official/source-defects.ts), accepted on that dataset only.
 *   2. defect proofs (test/focus-official/defect-proofs.ts): tiny correct datasets on which each
 *      allow-listed rule must fail; an allow-listed rule that no proof shows failing fails the check.
 *   --dataset NAME    only this dataset (repeatable; "proofs" = the defect proofs)
 *   --ingest "F1 F2"  an extra ingest dataset of these files   --csv FILE  an extra FOCUS CSV dataset
 *   --keep DIR        keep the data dirs, Parquet files and XML reports in DIR
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClickHouse, type ClickHouseClient } from "~/domain/runtime/clickhouse";
import { parseEnv } from "~/domain/runtime/env";
import { validateTable } from "~/domain/focus/validation";
import { parseKnownDefects, type OfficialResult } from "~/domain/focus/validation/official-report";
import { loadFocusCsvFixture, loadFocusRecords, type FixtureTable } from "../test/helpers/focus-fixture-table";
import { chargeKindSql, DATASETS, type CheckDataset } from "../test/focus-official/datasets";
import { DATASET_COMPOSITES, defectProofs } from "../test/focus-official/defect-proofs";
import { officialValidatorFromEnv, runOfficialValidator, OFFICIAL_VALIDATOR_VERSION, type OfficialValidator } from "../test/focus-official/official-validator";
import { writeFixtureParquet } from "../test/focus-official/parquet-export";
import { proveSourceDefects } from "../test/focus-official/source-defects";

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const only = args.flatMap((a, i) => (args[i - 1] === "--dataset" ? [a] : []));

function abiCli(dataDir: string, cliArgs: string[]): string {
  const r = spawnSync("npx", ["tsx", "src/cli/main.ts", ...cliArgs], { env: { ...process.env, ABI_DATA_DIR: dataDir, CLICKHOUSE_URL: "" }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`abi ${cliArgs[0]} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().slice(-2000)}`);
  return r.stdout.trim();
}

const embedded = (dataDir: string) => createClickHouse(parseEnv({ ...process.env, ABI_DATA_DIR: dataDir, CLICKHOUSE_URL: "" }));
const seconds = (t0: number) => ((Date.now() - t0) / 1000).toFixed(1);

class Check {
  unexpected = 0;
  ourFails = 0;
  /** Allow-listed rule → datasets it failed on. */
  seen = new Map<string, string[]>();
  timings: [string, string][] = [];
  constructor(
    readonly validator: OfficialValidator,
    readonly known: Map<string, string>,
    readonly work: string,
  ) {}

  official(label: string, parquet: string, source: Map<string, string> = new Map()): OfficialResult {
    const t0 = Date.now();
    const r = runOfficialValidator(this.validator, parquet, path.join(this.work, `${label}.xml`));
    console.log(`[${label}] focus-validator ${OFFICIAL_VALIDATOR_VERSION}: ${r.tests} rules, ${r.failures} failed, ${r.skipped} skipped (${seconds(t0)} s)`);
    for (const f of r.failedRules) {
      const fromSource = source.get(f.ruleId);
      if (fromSource) {
        console.log(`  source    ${f.ruleId} (the source rows break ${fromSource})`);
        continue;
      }
      const reason = this.known.get(f.ruleId);
      if (reason) this.seen.set(f.ruleId, [...(this.seen.get(f.ruleId) ?? []), label]);
      else this.unexpected++;
      console.log(`  ${reason ? "allowed   " : "UNEXPECTED"} ${f.ruleId}${reason ? ` (${reason.slice(0, 80)}…)` : `: ${f.message}`}`);
    }
    return r;
  }

  /** ABI's own validation; `source` = rules the source rows break → offending rows, accepted at exactly that count. */
  async ours(ch: ClickHouseClient, table: string, label: string, source: Map<string, number> = new Map()): Promise<Set<string>> {
    const r = await validateTable(ch, { table, focusVersion: "1.2" });
    const fails = r.results.filter((x) => x.result === "fail");
    console.log(`[${label}] ABI validation of ${r.rows} rows: ${r.summary.pass} pass, ${r.summary.fail} fail, ${r.summary.skipped} skipped`);
    for (const f of fails) {
      if (source.get(f.ruleId) === Number(f.violations)) {
        console.log(`  ABI source ${f.ruleId} (${f.violations}, as the source file shows): ${f.description}`);
        continue;
      }
      console.log(`  ABI FAIL ${f.ruleId} (${f.violations}${source.has(f.ruleId) ? `; the source file shows ${source.get(f.ruleId)}` : ""}): ${f.description}`);
      this.ourFails++;
    }
    return new Set(fails.map((f) => f.ruleId));
  }

  /** A FOCUS dataset loaded as it is into a scratch table, checked by ABI, then by the official validator. */
  /** The loaded rows include every expected charge kind. */
  async kinds(ch: ClickHouseClient, label: string, expected: string[]): Promise<void> {
    const rs = await ch.query({ query: `SELECT ${chargeKindSql} AS kind, count() AS n FROM focus_billing_data GROUP BY kind ORDER BY kind`, format: "JSONEachRow" });
    const found = new Map((await rs.json<{ kind: string; n: string }>()).map((r) => [r.kind, r.n]));
    console.log(`[${label}] charge kinds: ${[...found].map(([k, n]) => `${k} ${n}`).join("; ")}`);
    for (const k of expected.filter((e) => !found.has(e))) {
      console.log(`  MISSING    charge kind ${k}: the validator did not see it`);
      this.ourFails++;
    }
  }

  async fixture(ch: ClickHouseClient, label: string, load: () => Promise<FixtureTable>): Promise<OfficialResult> {
    const parquet = path.join(this.work, `${label}.parquet`);
    const fx = await load();
    await this.ours(ch, fx.table, label);
    await writeFixtureParquet(ch, fx, parquet);
    return this.official(label, parquet);
  }

  /** One embedded ClickHouse per phase (chDB holds one data directory at a time). */
  async withScratch<T>(name: string, f: (ch: ClickHouseClient) => Promise<T>): Promise<T> {
    const dir = path.join(this.work, name);
    fs.mkdirSync(dir, { recursive: true });
    const ch = embedded(dir);
    try {
      return await f(ch);
    } finally {
      await ch.close();
    }
  }

  async dataset(d: CheckDataset): Promise<void> {
    const t0 = Date.now();
    console.log(`\n== ${d.name}: ${d.describe}`);
    if (d.kind === "focus-csv") {
      await this.withScratch(d.name, (ch) => this.fixture(ch, d.name, () => loadFocusCsvFixture(ch, path.resolve(d.file), "focus_rows")));
    } else {
      const dataDir = path.join(this.work, d.name);
      fs.mkdirSync(dataDir, { recursive: true });
      const files = await d.files(dataDir);
      const t1 = Date.now();
      const out = abiCli(dataDir, ["ingest", ...files, "--source", `official-check-${d.name}`, ...(d.dataset ? ["--dataset", d.dataset] : [])]);
      console.log(`[${d.name}] ${out.replace(/\n/g, `\n[${d.name}] `)} (ingest ${seconds(t1)} s)`);
      // Quarantined rows never reach the validator: a charge kind could go unchecked. Only a
      // dataset's documented count (rows that really break their version's rules) is accepted.
      const quarantined = Number(/(\d+) quarantined/.exec(out)?.[1] ?? 0);
      const expected = d.quarantined ?? 0;
      if (quarantined !== expected) {
        console.log(`  UNEXPECTED ${quarantined} quarantined row(s), expected ${expected}`);
        this.ourFails++;
      } else if (expected) console.log(`[${d.name}] ${quarantined} quarantined row(s), as expected`);
      const parquet = path.join(this.work, `${d.name}.parquet`);
      console.log(`[${d.name}] ${abiCli(dataDir, ["export", "--from", "2000-01", "--to", "2099-12", "--format", "parquet", "--out", parquet])}`);
      const ch = embedded(dataDir);
      // Rules the source rows break (proven by a query over the file) → their composites too, for the official run.
      const source = new Map<string, string>();
      let abiFailed = new Set<string>();
      let proven = new Map<string, number>();
      try {
        if (d.sourceDefects) {
          const { file, loadedRows, defects } = d.sourceDefects;
          proven = await proveSourceDefects(ch, path.resolve(file), loadedRows, defects);
          for (const x of defects) {
            const n = proven.get(x.rule) ?? 0;
            console.log(`[${d.name}] source defect ${x.rule}: ${n} row(s) of ${file} — ${x.why}`);
            if (n === 0) {
              console.log(`  NOT SHOWN  ${x.rule}: no source row breaks it, remove it from the dataset's source defects`);
              this.unexpected++;
              continue;
            }
            for (const rule of [x.rule, ...(x.composites ?? [])]) source.set(rule, x.rule);
          }
        }
        abiFailed = await this.ours(ch, "focus_billing_data", d.name, proven);
        if (d.kinds) await this.kinds(ch, d.name, d.kinds);
      } finally {
        await ch.close();
      }
      const official = this.official(d.name, parquet, source);
      // A listed source defect that neither validator reports is stale: the list must not outgrow the data.
      const officialFailed = new Set(official.failedRules.map((f) => f.ruleId));
      for (const x of d.sourceDefects?.defects ?? []) {
        if ((proven.get(x.rule) ?? 0) > 0 && !abiFailed.has(x.rule) && !officialFailed.has(x.rule)) {
          console.log(`  NOT SEEN   ${x.rule}: listed as a source defect but neither ABI nor the official validator fails it`);
          this.unexpected++;
        }
      }
    }
    this.timings.push([d.name, seconds(t0)]);
  }

  /** Each proof must fail exactly its rules (+ the dataset composites); each allow-listed rule needs a proof. */
  async proofs(): Promise<void> {
    const t0 = Date.now();
    const { header, proofs } = defectProofs();
    console.log(`\n== proofs: ${proofs.length} correct hand-made datasets that the validator fails`);
    const shown = new Set<string>();
    await this.withScratch("proofs", async (ch) => {
      for (const p of proofs) {
        const label = `proof-${p.id}`;
        const data = p.rows.map((r) => header.map((h) => r[h] ?? ""));
        const r = await this.fixture(ch, label, () => loadFocusRecords(ch, header, data, "focus_rows"));
        const failed = new Set(r.failedRules.map((f) => f.ruleId));
        for (const rule of [...p.fails, ...DATASET_COMPOSITES]) {
          if (failed.has(rule)) shown.add(rule);
          else {
            console.log(`  NOT SHOWN  ${rule} passed on ${p.id}: the proof no longer fails it`);
            this.unexpected++;
          }
        }
      }
    });
    for (const rule of this.known.keys()) {
      if (!shown.has(rule)) {
        console.log(`  UNPROVEN   ${rule} is allow-listed but no correct dataset fails it: remove it from docs/focus-validator-defects.md`);
        this.unexpected++;
      }
    }
    this.timings.push(["proofs", seconds(t0)]);
  }
}

async function main(): Promise<number> {
  const t0 = Date.now();
  const validator = officialValidatorFromEnv();
  const keep = arg("--keep");
  const work = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), "abi-focus-check-"));
  fs.mkdirSync(work, { recursive: true });
  const known = new Map(parseKnownDefects(fs.readFileSync("docs/focus-validator-defects.md", "utf8")).map((d) => [d.ruleId, d.reason]));
  const check = new Check(validator, known, work);
  const datasets: CheckDataset[] = [...DATASETS];
  const extraIngest = arg("--ingest");
  if (extraIngest) datasets.push({ name: "ingest", kind: "ingest", describe: extraIngest, files: async () => extraIngest.split(/\s+/).filter(Boolean) });
  const extraCsv = arg("--csv");
  if (extraCsv) datasets.push({ name: "csv", kind: "focus-csv", describe: extraCsv, file: extraCsv });
  const selected = (name: string) => only.length === 0 || only.includes(name) || (name === "ingest" && !!extraIngest) || (name === "csv" && !!extraCsv);
  try {
    for (const d of datasets) if (selected(d.name)) await check.dataset(d);
    if (selected("proofs")) await check.proofs();
  } finally {
    if (keep) console.log(`kept in ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`\nallow-listed rules that failed on the datasets: ${[...check.seen].map(([r, ds]) => `${r} (${[...new Set(ds.filter((d) => !d.startsWith("proof-")))].join(", ") || "proofs only"})`).join("; ") || "none"}`);
  console.log(`timings (s): ${check.timings.map(([n, s]) => `${n} ${s}`).join(", ")}; total ${seconds(t0)}`);
  if (check.unexpected || check.ourFails) {
    console.error(`focus-official-check: FAILED: ${check.unexpected} unexpected official result(s), ${check.ourFails} ABI failure(s)`);
    return 1;
  }
  console.log("focus-official-check: OK (only allow-listed rules, each shown failing on correct data, and source-data defects proven by a query over their file failed)");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`focus-official-check: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
