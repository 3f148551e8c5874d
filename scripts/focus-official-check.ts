/**
 * Runs the official focus-validator on FOCUS rows and compares its failures with
 * docs/focus-validator-defects.md. Started by scripts/focus-official-check.sh (which installs the
 * validator and sets FOCUS_VALIDATOR_BIN / FOCUS_VALIDATOR_CWD). Exit 1 on any unexpected failure.
 *   --csv FILE   FOCUS 1.2 CSV to check (default: test/fixtures/focus-sample/focus-1.2-azure-sample.csv)
 *   --keep DIR   keep the Parquet and the XML report in DIR
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClickHouse } from "~/domain/runtime/clickhouse";
import { parseEnv } from "~/domain/runtime/env";
import { validateTable } from "~/domain/focus/validation";
import { parseKnownDefects, parseOfficialJunit } from "~/domain/focus/validation/official-report";
import { loadFocusCsvFixture } from "../test/helpers/focus-fixture-table";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const bin = process.env.FOCUS_VALIDATOR_BIN;
  if (!bin) throw new Error("FOCUS_VALIDATOR_BIN is not set: run scripts/focus-official-check.sh");
  const csv = path.resolve(arg("--csv") ?? "test/fixtures/focus-sample/focus-1.2-azure-sample.csv");
  const work = arg("--keep") ? path.resolve(arg("--keep")!) : fs.mkdtempSync(path.join(os.tmpdir(), "abi-focus-check-"));
  fs.mkdirSync(work, { recursive: true });
  const ch = createClickHouse(parseEnv({ ...process.env, ABI_DATA_DIR: path.join(work, "data"), CLICKHOUSE_URL: "" }));
  try {
    const fx = await loadFocusCsvFixture(ch, csv, "focus_rows");
    console.log(`rows: ${fx.rows} from ${path.relative(process.cwd(), csv)}`);

    const ours = await validateTable(ch, { table: "focus_rows", focusVersion: "1.2" });
    const ourFails = ours.results.filter((r) => r.result === "fail");
    console.log(`ABI validation: ${ours.summary.pass} pass, ${ours.summary.fail} fail, ${ours.summary.skipped} skipped`);
    for (const f of ourFails) console.log(`  ABI FAIL ${f.ruleId} (${f.violations}): ${f.description}`);

    const parquet = path.join(work, "focus.parquet");
    const cols = fx.columns.map((c) => (c.type.includes("DateTime") ? `toDateTime64(\`${c.name}\`, 0, 'UTC') AS \`${c.name}\`` : `\`${c.name}\``));
    const res = await ch.exec({ query: `SELECT ${cols.join(", ")} FROM focus_rows ORDER BY _row FORMAT Parquet` });
    await new Promise<void>((resolve, reject) => {
      const out = fs.createWriteStream(parquet);
      res.stream.on("error", reject).pipe(out).on("finish", resolve).on("error", reject);
    });

    const xml = path.join(work, "focus-validator.xml");
    const run = spawnSync(
      bin,
      ["--data-file", parquet, "--validate-version", "1.2", "--applicability-criteria", "ALL", "--output-type", "unittest", "--output-destination", xml, "--block-download"],
      { cwd: process.env.FOCUS_VALIDATOR_CWD ?? process.cwd(), encoding: "utf8", timeout: 600_000 },
    );
    if (run.status !== 0 || !fs.existsSync(xml)) {
      console.error(`focus-validator failed (exit ${run.status}):\n${(run.stderr || run.stdout || String(run.error)).slice(-3000)}`);
      return 1;
    }
    const official = parseOfficialJunit(fs.readFileSync(xml, "utf8"));
    const known = new Map(parseKnownDefects(fs.readFileSync("docs/focus-validator-defects.md", "utf8")).map((d) => [d.ruleId, d.reason]));
    console.log(`focus-validator 2.2.1: ${official.tests} rules, ${official.failures} failed, ${official.skipped} skipped`);
    const unexpected = official.failedRules.filter((f) => !known.has(f.ruleId));
    for (const f of official.failedRules) {
      console.log(`  ${known.has(f.ruleId) ? "known defect" : "UNEXPECTED  "} ${f.ruleId}${known.has(f.ruleId) ? ` (${known.get(f.ruleId)!.slice(0, 90)}…)` : `: ${f.message}`}`);
    }
    if (arg("--keep")) console.log(`report kept in ${work}`);
    if (unexpected.length || ourFails.length) {
      console.error(`focus-official-check: FAILED: ${unexpected.length} unexpected official failure(s), ${ourFails.length} ABI rule failure(s)`);
      return 1;
    }
    console.log("focus-official-check: OK (only documented validator defects failed)");
    return 0;
  } finally {
    await ch.close();
    if (!arg("--keep")) fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`focus-official-check: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
