import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runAbi } from "../helpers/run-abi";

const EA = path.resolve("test/fixtures/azure-ea/EA_ActualCost_Small.csv");

describe("abi backup / abi restore", () => {
  it("prints {id, location, bytes} as JSON, restores into an empty data directory and refuses a non-empty one without --force", async () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), "abi-cli-backup-src-"));
    const dst = fs.mkdtempSync(path.join(os.tmpdir(), "abi-cli-backup-dst-"));
    const target = fs.mkdtempSync(path.join(os.tmpdir(), "abi-cli-backups-"));
    expect((await runAbi(src, ["ingest", EA, "--source", "cli-ea", "--json"])).code).toBe(0);

    const b = await runAbi(src, ["backup", "--to", target, "--json"]);
    expect(b.stderr).toBe("");
    const out = JSON.parse(b.stdout) as { id: string; location: string; bytes: number };
    expect(Object.keys(out).sort()).toEqual(["bytes", "id", "location"]);
    expect(out.location).toBe(path.join(target, out.id));
    expect(fs.existsSync(path.join(out.location, "manifest.json"))).toBe(true);

    const r = await runAbi(dst, ["restore", out.location, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: out.id });

    const again = await runAbi(dst, ["restore", out.location]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^abi: the target is not empty \(.*focus_billing_data \d+ rows.*\); a restore replaces all of it: add --force to go ahead\n$/);
    expect((await runAbi(dst, ["restore", out.location, "--force", "--json"])).code).toBe(0);
  }, 240_000);
});
