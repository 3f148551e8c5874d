// First: Next's request scope needs its AsyncLocalStorage global before any next/* module loads.
import { inRequestScope } from "../security/next-request-scope";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { auditLog } from "~/domain/db/schema";
import { ensureFileSource } from "~/domain/sources/registry";
import { archiveRawFiles } from "~/domain/storage/raw-archive";
import { GET } from "~/app/api/raw-archive/route";
import { startSecurityRuntime, type Principal, type SecurityRuntime } from "../security/principals";

/**
 * The run page's download link (GET /api/raw-archive): an analyst gets the archived file's exact
 * bytes as an attachment and the download is audited; a viewer is refused; an unknown file is a
 * 404 with a plain message. Oracle: the fixture's SHA-256.
 */
const FIXTURE = path.resolve(__dirname, "../fixtures/azure-ea/EA_AmortizedCost_Small.csv");
const RUN = "5b0c2a51-3c1e-4d7e-9a0b-1f2e3d4c5b6a";
const sha = (b: Buffer | Uint8Array) => createHash("sha256").update(b).digest("hex");
let s: SecurityRuntime;

async function download(p: Principal, file: string) {
  const headers = new Headers();
  const cookie = await s.cookie(p);
  if (cookie) headers.set("cookie", cookie);
  const req = new NextRequest(new URL(`/api/raw-archive?runId=${RUN}&file=${encodeURIComponent(file)}`, "http://localhost:3160"), { headers });
  return inRequestScope(req, () => GET(req));
}

beforeAll(async () => {
  s = await startSecurityRuntime("raw-download");
  const source = await ensureFileSource(s.rt.db, "downloads");
  const r = await archiveRawFiles(s.rt, { runId: RUN, sourceId: source.id, months: ["2025-03-01"], files: [{ path: FIXTURE, name: "ea/EA_AmortizedCost_Small.csv" }] });
  expect(r).toEqual({ status: "archived" });
}, 180_000);
afterAll(async () => s?.rt.close());

it("gives an analyst the archived bytes as a download, audited", async () => {
  const res = await download("analyst", "ea/EA_AmortizedCost_Small.csv");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-disposition")).toContain('filename="EA_AmortizedCost_Small.csv"');
  expect(sha(new Uint8Array(await res.arrayBuffer()))).toBe(sha(fs.readFileSync(FIXTURE)));
  const [row] = await s.rt.db.select().from(auditLog).where(eq(auditLog.action, "raw.download"));
  expect(row).toMatchObject({ actorEmail: "analyst@example.com", target: "ea/EA_AmortizedCost_Small.csv", details: { runId: RUN, bytes: fs.statSync(FIXTURE).size } });
});

it("refuses viewers and names a missing file", async () => {
  expect((await download("viewer", "ea/EA_AmortizedCost_Small.csv")).status).toBe(403);
  expect((await download("scopedViewer", "ea/EA_AmortizedCost_Small.csv")).status).toBe(403);
  expect((await download("anonymous", "ea/EA_AmortizedCost_Small.csv")).status).toBe(401);
  const missing = await download("admin", "other.csv");
  expect(missing.status).toBe(404);
  expect(await missing.json()).toEqual({ error: `No archived file other.csv for run ${RUN}` });
});
