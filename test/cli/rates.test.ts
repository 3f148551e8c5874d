/** `abi rates import <file> [--json]` through the real CLI on an embedded data directory. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAbi } from "../helpers/run-abi";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-cli-rates-"));
const abi = (args: string[]) => runAbi(dataDir, args);
const excerpt = path.resolve("test/fixtures/ecb/eurofxref-hist-excerpt.csv");

describe("abi rates import", () => {
  it("imports the ECB excerpt and says what it loaded", async () => {
    const r = await abi(["rates", "import", excerpt, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    // 2 days × 32 quoted currencies (41 columns, 9 N/A each day)
    expect(JSON.parse(r.stdout)).toMatchObject({ file: excerpt, rates: 64, days: 2, skipped: 18, firstDay: "2019-04-10", lastDay: "2021-12-01" });
    const text = await abi(["rates", "import", excerpt]);
    expect(text.stdout.trim()).toBe("imported 64 rates: 2 days 2019-04-10..2021-12-01, 32 currencies per 1 EUR (18 N/A cells skipped)");
    const audit = await abi(["audit", "--action", "currency.", "--json"]);
    expect(JSON.parse(audit.stdout)).toHaveLength(2);
  }, 120_000);

  it("refuses a file that is not a rates file in one readable line", async () => {
    const bad = path.join(dataDir, "bad.csv");
    fs.writeFileSync(bad, "Day,USD\n2025-01-02,1.1\n");
    const r = await abi(["rates", "import", bad]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`abi: ${bad}: not an ECB reference-rate file: the first column must be "Date" (Date,USD,JPY,…)`);
    const missing = await abi(["rates", "import", path.join(dataDir, "nope.csv")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`abi: ${path.join(dataDir, "nope.csv")}: no such file`);
  }, 120_000);
});
