import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "~/domain/runtime";
import { resetEnvCache } from "~/domain/runtime/env";
import { backupCommand, restoreCommand } from "~/domain/commands/backup";
import { startS3Server, type S3TestServer } from "../support/s3-server";
import { loadSampleData, openFresh, snapshot, type Snapshot } from "./round-trip";

// A real PostgreSQL server (scripts/test-services.sh); without one this file fails, it does not skip.
const pgAdminUrl = process.env.TEST_DATABASE_URL;
const noProgress = () => undefined;

describe("backup → wipe → restore with the PostgreSQL server, to a real S3 server", () => {
  let rt: Runtime;
  let s3: S3TestServer;
  let before: Snapshot;
  let result: { id: string; location: string; bytes: number };

  beforeAll(async () => {
    if (!pgAdminUrl) throw new Error("TEST_DATABASE_URL is not set: start the test services (. scripts/test-services.sh)");
    s3 = await startS3Server({ buckets: ["abi-backups"] });
    Object.assign(process.env, { S3_ENDPOINT: s3.endpoint, S3_REGION: s3.region, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey });
    delete process.env.S3_BUCKET; // the platform store stays the data-directory folder
    resetEnvCache();
    rt = await openFresh("backup-srv-src", pgAdminUrl);
    await loadSampleData(rt);
    before = await snapshot(rt);
    result = await backupCommand.run(rt, { to: "s3://abi-backups/nightly" }, noProgress);
    await rt.close();
    rt = await openFresh("backup-srv-dst", pgAdminUrl);
  }, 240_000);
  afterAll(async () => {
    await rt?.close();
    await s3?.stop();
    for (const v of ["S3_ENDPOINT", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"]) delete process.env[v];
  });

  it("stores the backup under s3://bucket/prefix/<id>", () => {
    expect(result.location).toBe(`s3://abi-backups/nightly/${result.id}`);
    expect(rt.env.DATABASE_URL).toBeTruthy();
  });

  it("restores into a new, empty PostgreSQL database with identical totals per (source, month)", async () => {
    expect((await snapshot(rt)).months).toEqual([]);
    await restoreCommand.run(rt, { location: result.location }, noProgress);
    const after = await snapshot(rt);
    expect(after.months).toEqual(before.months);
    expect(after.chCounts).toEqual(before.chCounts);
    expect(after.users).toEqual(before.users);
    expect(after.audit.slice(0, before.audit.length)).toEqual(before.audit);
    expect(after.pgCounts).toEqual({ ...before.pgCounts, audit_log: before.pgCounts.audit_log! + 1 });
  });

  it("refuses the now non-empty server without --force", async () => {
    await expect(restoreCommand.run(rt, { location: result.location }, noProgress)).rejects.toThrow(/target is not empty .*add --force/);
  });
});
