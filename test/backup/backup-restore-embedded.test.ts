import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "~/domain/runtime";
import { backupCommand, restoreCommand } from "~/domain/commands/backup";
import { loadSampleData, openFresh, snapshot, type Snapshot } from "./round-trip";

/** Every file under a folder with its size, read from the disk (not from the manifest). */
function filesUnder(dir: string): { rel: string; bytes: number }[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => {
      const full = path.join(d.parentPath, d.name);
      return { rel: path.relative(dir, full), bytes: fs.statSync(full).size };
    });
}

const noProgress = () => undefined;

describe("backup → wipe → restore, embedded (chDB + PGlite), to a folder", () => {
  let rt: Runtime;
  let before: Snapshot;
  let backupDir: string;
  let result: { id: string; location: string; bytes: number };
  const target = fs.mkdtempSync(path.join(os.tmpdir(), "abi-backups-"));

  beforeAll(async () => {
    rt = await openFresh("backup-src");
    await loadSampleData(rt);
    before = await snapshot(rt);
    result = await backupCommand.run(rt, { to: target }, noProgress);
    backupDir = result.location;
    await rt.close();
    rt = await openFresh("backup-dst");
  });
  afterAll(async () => {
    await rt?.close();
  });

  it("writes the backup into <target>/<id> and reports its size", () => {
    expect(result.location).toBe(path.join(target, result.id));
    const files = filesUnder(backupDir);
    expect(files.map((f) => f.rel)).toContain("manifest.json");
    expect(result.bytes).toBe(files.reduce((s, f) => s + f.bytes, 0));
    // the source data is really there: several months, quarantine and users
    expect(before.months.length).toBeGreaterThan(1);
    expect(Number(before.chCounts.focus_quarantine)).toBeGreaterThan(0);
    expect(before.pgCounts.users).toBe(2);
  });

  it("restores into an empty data directory with identical row counts and cost totals per (source, month)", async () => {
    const empty = await snapshot(rt);
    expect(empty.months).toEqual([]);
    const restored = await restoreCommand.run(rt, { location: backupDir }, noProgress);
    expect(restored.id).toBe(result.id);
    const after = await snapshot(rt);
    expect(after.months).toEqual(before.months);
    expect(after.chCounts).toEqual(before.chCounts);
    expect(after.users).toEqual(before.users);
    // the restore itself is audited after the restored rows, with the next id of the sequence
    expect(after.audit.slice(0, before.audit.length)).toEqual(before.audit);
    expect(after.audit).toHaveLength(before.audit.length + 1);
    expect(after.pgCounts).toEqual({ ...before.pgCounts, audit_log: before.pgCounts.audit_log! + 1 });
  });

  it("refuses a non-empty target without --force, saying what is there, and replaces it with --force", async () => {
    await expect(restoreCommand.run(rt, { location: backupDir }, noProgress)).rejects.toThrow(/target is not empty \(.*users 2 rows.*\).*--force/);
    await restoreCommand.run(rt, { location: backupDir, force: true }, noProgress);
    expect((await snapshot(rt)).months).toEqual(before.months);
  });

  it("refuses a backup with a changed file by its checksum, before touching anything", async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "abi-tampered-"));
    fs.cpSync(backupDir, copy, { recursive: true });
    const victim = fs.readdirSync(path.join(copy, "clickhouse", "focus_billing_data"))[0]!;
    const file = path.join(copy, "clickhouse", "focus_billing_data", victim);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    const auditBefore = (await snapshot(rt)).pgCounts.audit_log;
    await expect(restoreCommand.run(rt, { location: copy, force: true }, noProgress)).rejects.toThrow(
      `is damaged: clickhouse/focus_billing_data/${victim} does not match its checksum in the manifest; nothing was restored`,
    );
    expect((await snapshot(rt)).pgCounts.audit_log).toBe(auditBefore);
  });

  it("refuses a backup from an older schema version with a clear message", async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "abi-older-"));
    fs.cpSync(backupDir, copy, { recursive: true });
    const manifestFile = path.join(copy, "manifest.json");
    const m = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
    m.abiVersion = "0.0.9";
    m.postgresSchema = "0004_audit_ip";
    fs.writeFileSync(manifestFile, JSON.stringify(m));
    const journal = JSON.parse(fs.readFileSync("drizzle/meta/_journal.json", "utf8")) as { entries: { tag: string }[] };
    await expect(restoreCommand.run(rt, { location: copy, force: true }, noProgress)).rejects.toThrow(
      `was made by ABI 0.0.9 with PostgreSQL schema 0004_audit_ip (this ABI: ${journal.entries.at(-1)!.tag}); restore it with ABI 0.0.9 into an empty data directory, then start this version, which migrates it; nothing was restored`,
    );
  });

  it("backs up into the platform object store by default and restores a backup named by its bare id", async () => {
    const made = await backupCommand.run(rt, {}, noProgress);
    expect(made.location).toBe(path.join(rt.env.dataDir, "objects", "backups", made.id));
    expect(fs.existsSync(path.join(made.location, "manifest.json"))).toBe(true);
    const restored = await restoreCommand.run(rt, { location: made.id, force: true }, noProgress);
    expect(restored).toMatchObject({ id: made.id, location: made.location });
    expect((await snapshot(rt)).months).toEqual(before.months);
  });

  it("says plainly when a location holds no backup", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "abi-nobackup-"));
    await expect(restoreCommand.run(rt, { location: empty }, noProgress)).rejects.toThrow(`no ABI backup at ${empty}: it has no manifest.json`);
  });

  it("refuses to back up while an ingestion run is writing", async () => {
    await rt.ch.command({
      query: "INSERT INTO ingest_runs (run_id, source_id, dataset, status, started_at, rows_in, rows_loaded, rows_quarantined, rows_excluded, months, rule_summary, lookup_fallbacks, approximations, timings) VALUES ('run-in-flight', 'ea-backup', 'ea-actual', 'running', now64(3), 0, 0, 0, 0, [], '[]', '[]', [], '{}')",
    });
    await expect(backupCommand.run(rt, {}, noProgress)).rejects.toThrow("an ingestion run is writing (run run-in-flight); a backup waits for it: try again when it has finished");
  });
});
