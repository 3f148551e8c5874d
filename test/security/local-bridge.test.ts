import { execFile } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "~/domain/runtime/env";
import { openRuntime, type Runtime } from "~/domain/runtime";
import { startLocalBridge, type LocalBridge } from "~/domain/commands/local-bridge";

const run = promisify(execFile);

/** Resolves to "connected" or the socket error code. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 3000 });
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve("ETIMEDOUT");
    });
    socket.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/** The machine's own non-loopback addresses (what `hostname -I` prints). */
function externalAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => !!a && !a.internal && !a.address.startsWith("fe80"))
    .map((a) => a.address);
}

/** Finding 6: the CLI bridge answers on loopback only, on its own port, in embedded mode. */
describe("local CLI bridge in embedded mode", () => {
  let rt: Runtime;
  let bridge: LocalBridge;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-bridge-"));
    process.env.ABI_DATA_DIR = dataDir;
    delete process.env.CLICKHOUSE_URL;
    delete process.env.DATABASE_URL;
    if (process.env.TEST_TEMPORAL_ADDRESS) process.env.TEMPORAL_ADDRESS = process.env.TEST_TEMPORAL_ADDRESS;
    resetEnvCache();
    rt = await openRuntime({ migrate: true });
    bridge = (await startLocalBridge(rt))!;
  });
  afterAll(async () => {
    await bridge?.close();
    await rt?.close();
  });

  it("listens on 127.0.0.1 only and writes its port next to the token", async () => {
    expect(bridge.port).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(dataDir, "local-bridge-port"), "utf8")).toBe(String(bridge.port));
    expect(fs.statSync(path.join(dataDir, "local-token")).mode & 0o077).toBe(0);
    expect(await tryConnect("127.0.0.1", bridge.port)).toBe("connected");
    const external = externalAddresses();
    expect(external.length).toBeGreaterThan(0);
    for (const address of external) expect(await tryConnect(address, bridge.port)).not.toBe("connected");
  });

  it("refuses a request without the token", async () => {
    const res = await fetch(`http://127.0.0.1:${bridge.port}/health`, { method: "POST", body: "{}" });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ type: "error", message: "local bridge token missing or wrong" });
  });

  it("serves `abi health` of a CLI run while this process owns the data directory", async () => {
    const cli = (args: string[]) => run(process.execPath, ["bin/abi.mjs", ...args], { env: { ...process.env, ABI_DATA_DIR: dataDir } });
    const health = JSON.parse((await cli(["health", "--json"])).stdout) as { services: Record<string, { mode: string }> };
    expect(health.services.clickhouse!.mode).toBe("embedded");
    // Without the port file the CLI cannot reach the app, and says whose directory it is.
    fs.renameSync(path.join(dataDir, "local-bridge-port"), path.join(dataDir, "port.bak"));
    const refused = await cli(["health"]).catch((err: { stderr: string }) => err);
    fs.renameSync(path.join(dataDir, "port.bak"), path.join(dataDir, "local-bridge-port"));
    expect((refused as { stderr: string }).stderr).toMatch(new RegExp(`is in use by process ${process.pid}`));
  });

  it("is no longer a route of the Next.js app (which listens on every address)", () => {
    expect(fs.existsSync("src/app/api/local")).toBe(false);
  });
});
