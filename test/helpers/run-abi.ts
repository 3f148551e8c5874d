import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export type AbiResult = { code: number; stdout: string; stderr: string };

/** Runs the real `abi` CLI (bin/abi.mjs) embedded on `dataDir`, never throwing on a non-zero exit. */
export async function runAbi(dataDir: string, args: string[], extraEnv: Record<string, string> = {}): Promise<AbiResult> {
  const env = { ...process.env, ABI_DATA_DIR: dataDir, CLICKHOUSE_URL: "", DATABASE_URL: "", TEMPORAL_ADDRESS: "", ...extraEnv };
  try {
    const { stdout, stderr } = await run(process.execPath, ["bin/abi.mjs", ...args], { env, maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
