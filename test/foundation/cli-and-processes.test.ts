import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it, onTestFinished } from "vitest";

const run = promisify(execFile);

async function abi(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["bin/abi.mjs", ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function processAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("abi CLI", () => {
  it("fails with one line naming a bad CLICKHOUSE_URL", async () => {
    const r = await abi(["health"], { CLICKHOUSE_URL: "nonsense" });
    expect(r.code).not.toBe(0);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^abi: .*CLICKHOUSE_URL/);
  });

  it("rejects unknown commands with a readable line", async () => {
    const r = await abi(["frobnicate"], {});
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('abi: unknown command "frobnicate"; run abi --help');
  });

  it("refuses `abi worker` in embedded mode and says why", async () => {
    const r = await abi(["worker"], { ABI_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "abi-cli-")) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/abi worker needs server mode/);
  });
});

describe("embedded Temporal dev server", () => {
  it("does not outlive a process that is killed with SIGKILL", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-orphan-"));
    const code = `
      import { startTemporalDevServer, findTemporalCli } from ${JSON.stringify(path.resolve("src/domain/runtime/temporal-dev-server.ts"))};
      const s = await startTemporalDevServer({ cli: findTemporalCli(), dbFile: ${JSON.stringify(path.join(dataDir, "t.db"))}, logFile: ${JSON.stringify(path.join(dataDir, "t.log"))} });
      console.log("ready " + s.address);
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "inherit"] });
    onTestFinished(() => {
      child.kill("SIGKILL");
    });
    const address = await new Promise<string>((resolve) => child.stdout.on("data", (d) => { const m = /ready (\S+)/.exec(String(d)); if (m) resolve(m[1]!); }));
    const port = address.split(":")[1]!;
    const serverPids = async () => (await run("pgrep", ["-f", "--", `start-dev.*${port}`]).catch(() => ({ stdout: "" }))).stdout.split("\n").filter(Boolean).map(Number).filter((p) => p !== child.pid);
    expect((await serverPids()).length).toBeGreaterThan(0);
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    for (let i = 0; i < 100 && (await serverPids()).some(processAlive); i++) await new Promise((r) => setTimeout(r, 100));
    expect((await serverPids()).filter(processAlive)).toEqual([]);
  });
});
