/**
 * `abi audit` prints what the CLI's own commands recorded: a file source created by `abi ingest`
 * and a FOCUS export by `abi export`. Expected rows are written out by hand.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAbi } from "../helpers/run-abi";

const FIXTURE = path.resolve("test/fixtures/azure-ea/EA_ActualCost_Small.csv");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-cli-audit-"));

function abi(args: string[]) {
  return runAbi(dataDir, args);
}

describe("abi audit", () => {
  const out = path.join(dataDir, "sept.csv");

  it("prints the entries as JSON, newest first, with --action, --since and --limit", async () => {
    expect((await abi(["ingest", FIXTURE, "--source", "ea-cli"])).code).toBe(0);
    const exported = await abi(["export", "--from", "2023-09", "--to", "2023-09", "--format", "csv", "--out", out]);
    expect(exported.code, exported.stderr).toBe(0);

    const all = await abi(["audit", "--json"]);
    expect(all.code, all.stderr).toBe(0);
    const rows = JSON.parse(all.stdout) as { action: string; actorEmail: string | null; target: string; details: Record<string, unknown>; ip: string | null }[];
    expect(rows.map((r) => ({ action: r.action, actorEmail: r.actorEmail, target: r.target, ip: r.ip }))).toEqual([
      { action: "export.focus", actorEmail: null, target: out, ip: null },
      { action: "source.create", actorEmail: null, target: "ea-cli", ip: null },
    ]);
    // The row count recorded is the number of data lines in the file written (one header line).
    const linesWritten = fs.readFileSync(out, "utf8").trim().split("\n").length - 1;
    expect(linesWritten).toBe(11);
    expect(rows[0]!.details).toEqual({ via: "cli", from: "2023-09", to: "2023-09", format: "csv", focusVersion: "1.2", source: null, rows: linesWritten });

    const exports = JSON.parse((await abi(["audit", "--action", "export.", "--json"])).stdout) as { action: string }[];
    expect(exports.map((r) => r.action)).toEqual(["export.focus"]);
    const one = JSON.parse((await abi(["audit", "--limit", "1", "--json"])).stdout) as { action: string }[];
    expect(one.map((r) => r.action)).toEqual(["export.focus"]);
    expect(JSON.parse((await abi(["audit", "--since", "2999-01-01", "--json"])).stdout)).toEqual([]);
  });

  it("prints one readable line per entry without --json", async () => {
    const r = await abi(["audit", "--action", "source."]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(r.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  source\.create +- +ea-cli  \{"plugin":"file-upload"\}\n$/);
  });

  it("refuses bad flags with the flag's name", async () => {
    const since = await abi(["audit", "--since", "2025-13-01"]);
    expect(since.code).toBe(1);
    expect(since.stderr.trim()).toBe("abi: --since must be YYYY-MM-DD");
    const limit = await abi(["audit", "--limit", "0"]);
    expect(limit.code).toBe(1);
    expect(limit.stderr.trim()).toBe("abi: --limit must be between 1 and 1000");
  });
});
