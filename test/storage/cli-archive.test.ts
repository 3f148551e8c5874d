/**
 * `abi ingest` (a direct run, no Temporal) archives its raw file too, into the embedded default
 * store (`<dataDir>/objects`) when no S3 is configured; the archived bytes read back unchanged.
 * Oracle: the fixture's bytes (node:crypto SHA-256) and the folder on disk.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { resetEnvCache } from "~/domain/runtime/env";
import { openRuntime, type Runtime } from "~/domain/runtime";
import { ingestCommand } from "~/domain/commands/ingest";
import { readArchivedFile, runArchive } from "~/domain/storage/raw-archive";

const FIXTURE = path.resolve(__dirname, "../fixtures/azure-ea/EA_AmortizedCost_Small.csv");
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
let rt: Runtime;

beforeAll(async () => {
  process.env.ABI_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "abi-cli-archive-"));
  for (const k of ["CLICKHOUSE_URL", "DATABASE_URL", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_ENDPOINT"]) delete process.env[k];
  resetEnvCache();
  rt = await openRuntime({ migrate: true });
}, 120_000);

afterAll(async () => {
  await rt?.close();
  fs.rmSync(rt.env.dataDir, { recursive: true, force: true });
});

it("archives the file of an `abi ingest` run in the data directory's objects folder", async () => {
  const report = await ingestCommand.run(rt, { files: [FIXTURE], source: "cli-files" }, () => undefined);
  const archive = await runArchive(rt.db, report.runId);
  expect(archive).toMatchObject({ status: "archived", sourceId: report.sourceId, files: [{ name: "EA_AmortizedCost_Small.csv", bytes: fs.statSync(FIXTURE).size }] });
  const onDisk = path.join(rt.env.dataDir, "objects", "raw", report.sourceId, archive!.month, report.runId, "EA_AmortizedCost_Small.csv");
  expect(sha(fs.readFileSync(onDisk))).toBe(sha(fs.readFileSync(FIXTURE)));
  const back = await readArchivedFile(rt, report.runId, "EA_AmortizedCost_Small.csv");
  expect(sha(back.body)).toBe(sha(fs.readFileSync(FIXTURE)));
  await expect(readArchivedFile(rt, report.runId, "../../etc/passwd")).rejects.toThrow("No archived file ../../etc/passwd for run");
});
