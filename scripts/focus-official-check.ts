/**
 * Runs the official focus-validator on FOCUS rows and compares its failures with
 * docs/focus-validator-defects.md. Started by scripts/focus-official-check.sh (which installs the
 * validator and sets FOCUS_VALIDATOR_BIN / FOCUS_VALIDATOR_CWD). Exit 1 on any unexpected failure.
 * Two inputs are checked:
 *   1. an ingest run: `abi ingest` of Azure export files (default: the EA actual + amortized fixtures),
 *      then `abi export --format parquet` of what was loaded (ABI validation runs on focus_billing_data);
 *   2. a FOCUS CSV loaded as-is (default: test/fixtures/focus-sample/focus-1.2-azure-sample.csv).
 *   --ingest "F1 F2"  files for the ingest run      --csv FILE  the FOCUS CSV
 *   --keep DIR        keep the data dir, Parquet files and XML reports in DIR
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClickHouse, type ClickHouseClient } from "~/domain/runtime/clickhouse";
import { parseEnv } from "~/domain/runtime/env";
import { validateTable } from "~/domain/focus/validation";
import { parseKnownDefects, parseOfficialJunit } from "~/domain/focus/validation/official-report";
import { loadFocusCsvFixture } from "../test/helpers/focus-fixture-table";

const EA_FIXTURES = "test/fixtures/azure-ea/EA_ActualCost_Small.csv test/fixtures/azure-ea/EA_AmortizedCost_Small.csv";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function abiCli(dataDir: string, args: string[]): string {
  const r = spawnSync("npx", ["tsx", "src/cli/main.ts", ...args], { env: { ...process.env, ABI_DATA_DIR: dataDir, CLICKHOUSE_URL: "" }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`abi ${args[0]} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().slice(-2000)}`);
  return r.stdout.trim();
}

/** Runs the official validator on a Parquet file; returns the number of failures not documented as defects. */
function officialCheck(bin: string, parquet: string, xml: string, known: Map<string, string>, label: string): number {
  const run = spawnSync(
    bin,
    ["--data-file", parquet, "--validate-version", "1.2", "--applicability-criteria", "ALL", "--output-type", "unittest", "--output-destination", xml, "--block-download"],
    { cwd: process.env.FOCUS_VALIDATOR_CWD ?? process.cwd(), encoding: "utf8", timeout: 600_000 },
  );
  if (run.status !== 0 || !fs.existsSync(xml)) {
    console.error(`[${label}] focus-validator failed (exit ${run.status}):\n${(run.stderr || run.stdout || String(run.error)).slice(-3000)}`);
    return 1;
  }
  const official = parseOfficialJunit(fs.readFileSync(xml, "utf8"));
  console.log(`[${label}] focus-validator 2.2.1: ${official.tests} rules, ${official.failures} failed, ${official.skipped} skipped`);
  let unexpected = 0;
  for (const f of official.failedRules) {
    const reason = known.get(f.ruleId);
    if (!reason) unexpected++;
    console.log(`  ${reason ? "known defect" : "UNEXPECTED  "} ${f.ruleId}${reason ? ` (${reason.slice(0, 90)}…)` : `: ${f.message}`}`);
  }
  return unexpected;
}

async function ourCheck(ch: ClickHouseClient, table: string, label: string): Promise<number> {
  const ours = await validateTable(ch, { table, focusVersion: "1.2" });
  const fails = ours.results.filter((r) => r.result === "fail");
  console.log(`[${label}] ABI validation of ${ours.rows} rows: ${ours.summary.pass} pass, ${ours.summary.fail} fail, ${ours.summary.skipped} skipped`);
  for (const f of fails) console.log(`  ABI FAIL ${f.ruleId} (${f.violations}): ${f.description}`);
  return fails.length;
}

async function main(): Promise<number> {
  const bin = process.env.FOCUS_VALIDATOR_BIN;
  if (!bin) throw new Error("FOCUS_VALIDATOR_BIN is not set: run scripts/focus-official-check.sh");
  const csv = path.resolve(arg("--csv") ?? "test/fixtures/focus-sample/focus-1.2-azure-sample.csv");
  const ingestFiles = (arg("--ingest") ?? EA_FIXTURES).split(/\s+/).filter(Boolean);
  const work = arg("--keep") ? path.resolve(arg("--keep")!) : fs.mkdtempSync(path.join(os.tmpdir(), "abi-focus-check-"));
  const dataDir = path.join(work, "data");
  fs.mkdirSync(dataDir, { recursive: true });
  const known = new Map(parseKnownDefects(fs.readFileSync("docs/focus-validator-defects.md", "utf8")).map((d) => [d.ruleId, d.reason]));
  let unexpected = 0;
  let ourFails = 0;

  // 1. An ingest run through the CLI (separate processes; they release the data dir when done).
  const runParquet = path.join(work, "run.parquet");
  console.log(`[run] ${abiCli(dataDir, ["ingest", ...ingestFiles, "--source", "official-check"])}`);
  console.log(`[run] ${abiCli(dataDir, ["export", "--from", "2000-01", "--to", "2099-12", "--format", "parquet", "--out", runParquet])}`);

  const ch = createClickHouse(parseEnv({ ...process.env, ABI_DATA_DIR: dataDir, CLICKHOUSE_URL: "" }));
  try {
    ourFails += await ourCheck(ch, "focus_billing_data", "run");
    unexpected += officialCheck(bin, runParquet, path.join(work, "run.xml"), known, "run");

    // 2. A FOCUS CSV loaded as it is.
    const fx = await loadFocusCsvFixture(ch, csv, "focus_rows");
    console.log(`[csv] ${fx.rows} rows from ${path.relative(process.cwd(), csv)}`);
    ourFails += await ourCheck(ch, "focus_rows", "csv");
    const csvParquet = path.join(work, "csv.parquet");
    const cols = fx.columns.map((c) => (c.type.includes("DateTime") ? `toDateTime64(\`${c.name}\`, 0, 'UTC') AS \`${c.name}\`` : `\`${c.name}\``));
    const res = await ch.exec({ query: `SELECT ${cols.join(", ")} FROM focus_rows ORDER BY _row FORMAT Parquet` });
    await new Promise<void>((resolve, reject) => {
      const out = fs.createWriteStream(csvParquet);
      res.stream.on("error", reject).pipe(out).on("finish", resolve).on("error", reject);
    });
    unexpected += officialCheck(bin, csvParquet, path.join(work, "csv.xml"), known, "csv");
  } finally {
    await ch.close();
    if (arg("--keep")) console.log(`kept in ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
  if (unexpected || ourFails) {
    console.error(`focus-official-check: FAILED: ${unexpected} unexpected official failure(s), ${ourFails} ABI rule failure(s)`);
    return 1;
  }
  console.log("focus-official-check: OK (only documented validator defects failed)");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`focus-official-check: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
