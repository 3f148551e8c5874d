/** `abi ingest --focus-version` through the real CLI (embedded stores in a temp data directory). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAbi } from "../helpers/run-abi";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-cli-versions-"));
const FOCUS11 = path.resolve("test/fixtures/focus-1.1/focus-1.1-sample.csv");

const abi = (args: string[]) => runAbi(dataDir, args);

describe("abi ingest --focus-version", () => {
  it("takes the version from the option and says so in --json", async () => {
    const r = await abi(["ingest", FOCUS11, "--source", "v11", "--focus-version", "1.1", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rows.in).toBe(51);
    expect(out.focusInputs).toEqual([expect.objectContaining({ file: "focus-1.1-sample.csv", version: "1.1", versionFrom: "option" })]);
  });

  it("prints the version and the derived columns in the text report", async () => {
    const r = await abi(["ingest", FOCUS11, "--source", "v11-text"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/focus-1\.1-sample\.csv: FOCUS 1\.1 \(header\), derived: BillingAccountType \(from ProviderName, BillingAccountId\)/);
  });

  it("refuses a version that does not exist with one readable line", async () => {
    const r = await abi(["ingest", FOCUS11, "--focus-version", "2.0"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--focus-version must be 1\.0, 1\.1, 1\.2 or 1\.3/);
  });
});
