/**
 * Runs the FinOps Foundation's focus-validator (PyPI 2.2.1, installed by
 * scripts/focus-official-check.sh, which sets FOCUS_VALIDATOR_BIN and FOCUS_VALIDATOR_CWD) on a
 * Parquet file and reads its JUnit report. Test tooling: not part of the product.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { parseOfficialJunit, type OfficialResult } from "~/domain/focus/validation/official-report";

export const OFFICIAL_VALIDATOR_VERSION = "2.2.1";

export type OfficialValidator = { bin: string; cwd: string };

export function officialValidatorFromEnv(): OfficialValidator {
  const bin = process.env.FOCUS_VALIDATOR_BIN;
  if (!bin) throw new Error("FOCUS_VALIDATOR_BIN is not set: run scripts/focus-official-check.sh");
  // The validator opens focus_validator/rules/currency_codes.csv relative to its working directory.
  return { bin, cwd: process.env.FOCUS_VALIDATOR_CWD ?? process.cwd() };
}

/** Validates `parquet` against the FOCUS 1.2 model; the JUnit XML is written to `xml`. Throws when the validator does not run. */
export function runOfficialValidator(v: OfficialValidator, parquet: string, xml: string): OfficialResult {
  const run = spawnSync(
    v.bin,
    ["--data-file", parquet, "--validate-version", "1.2", "--applicability-criteria", "ALL", "--output-type", "unittest", "--output-destination", xml, "--block-download"],
    { cwd: v.cwd, encoding: "utf8", timeout: 900_000 },
  );
  // Exit code 0 even when rules fail: the report is the result.
  if (run.status !== 0 || !fs.existsSync(xml)) {
    throw new Error(`focus-validator failed on ${parquet} (exit ${run.status}):\n${(run.stderr || run.stdout || String(run.error)).slice(-3000)}`);
  }
  return parseOfficialJunit(fs.readFileSync(xml, "utf8"));
}
