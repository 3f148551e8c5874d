import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "~/domain/runtime";
import { ensureTemporalAddress } from "~/domain/runtime/temporal";
import { createApiToken } from "~/domain/auth/api-tokens";
import { addUser, openIdentityRuntime } from "./identity-harness";

const exec = promisify(execFile);
const PORT = 3121;

/**
 * `abi runs` / `abi health` with ABI_URL + ABI_TOKEN: the real CLI process calls the real tRPC
 * route handler, served over real HTTP by this test, with a real API token.
 */
describe("the CLI against a server", () => {
  let rt: Runtime;
  let server: http.Server;
  let adminToken: string;
  let viewerToken: string;

  const abi = async (args: string[], token: string) => {
    const env = {
      ...process.env,
      ABI_URL: `http://127.0.0.1:${PORT}`,
      ABI_TOKEN: token,
      // An empty data directory: the remote mode must not open or need local stores.
      ABI_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "abi-cli-remote-empty-")),
    };
    try {
      const { stdout, stderr } = await exec(process.execPath, ["bin/abi.mjs", ...args], { env });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };

  beforeAll(async () => {
    if (process.env.TEST_TEMPORAL_ADDRESS) process.env.TEMPORAL_ADDRESS = process.env.TEST_TEMPORAL_ADDRESS;
    rt = await openIdentityRuntime("identity-cli-remote");
    await ensureTemporalAddress(rt.env);
    const admin = await addUser(rt, "ops@example.com", "admin");
    const viewer = await addUser(rt, "see@example.com", "viewer");
    adminToken = (await createApiToken(rt.db, admin, { name: "cli" })).token;
    viewerToken = (await createApiToken(rt.db, viewer, { name: "cli" })).token;
    const { GET } = await import("~/app/api/trpc/[trpc]/route");
    server = http.createServer(async (req, res) => {
      const headers = new Headers(Object.entries(req.headers).map(([k, v]) => [k, String(v)] as [string, string]));
      const answer = await GET(new Request(`http://127.0.0.1:${PORT}${req.url}`, { headers }) as never);
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(PORT, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await rt?.close();
  });

  it("abi runs --json lists the server's runs; abi health --json reports its services", async () => {
    const runs = await abi(["runs", "--json"], adminToken);
    expect(runs.stderr).toBe("");
    // The Temporal server is shared with other test files: their runs may be listed too.
    const listed = JSON.parse(runs.stdout) as Array<Record<string, unknown>>;
    expect(Array.isArray(listed)).toBe(true);
    for (const r of listed) expect(r).toMatchObject({ workflowId: expect.any(String), runId: expect.any(String), status: expect.any(String) });
    const health = await abi(["health", "--json"], adminToken);
    const report = JSON.parse(health.stdout);
    expect(report.services.postgres).toMatchObject({ ok: true, mode: "embedded" });
    expect(report.services.clickhouse).toMatchObject({ ok: true });
  });

  it("refusals are one readable line and a non-zero exit", async () => {
    const forbidden = await abi(["health"], viewerToken);
    expect(forbidden.code).not.toBe(0);
    expect(forbidden.stderr.trim()).toBe(`abi: http://127.0.0.1:${PORT}: This needs the admin role`);
    const revoked = await abi(["runs"], `abi_${"B".repeat(43)}`);
    expect(revoked.stderr.trim()).toBe(`abi: http://127.0.0.1:${PORT}: The API token is not valid or has been revoked`);
    const noSource = await abi(["runs", "--source", "nope"], adminToken);
    expect(noSource.stderr.trim()).toBe(`abi: no data source named "nope" on http://127.0.0.1:${PORT}`);
    const badToken = await abi(["runs"], "secret");
    expect(badToken.stderr.trim()).toBe("abi: Invalid environment variable ABI_TOKEN: must be an API token (abi_…) from Settings → API tokens");
  });
});
