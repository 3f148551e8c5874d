import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { resetEnvCache } from "~/domain/runtime/env";
import { openRuntime, type Runtime } from "~/domain/runtime";
import { startLocalBridge } from "~/domain/commands/local-bridge";

let rt: Runtime;
let dataDir: string;
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-bridge-server-"));
  process.env.ABI_DATA_DIR = dataDir;
  // Server mode: clients are created lazily, so unreachable addresses are enough here.
  process.env.CLICKHOUSE_URL = "http://127.0.0.1:9";
  process.env.DATABASE_URL = "postgres://abi@127.0.0.1:9/abi";
  process.env.TEMPORAL_ADDRESS = "127.0.0.1:9";
  resetEnvCache();
  rt = await openRuntime({ migrate: false });
});
afterAll(async () => {
  await rt?.close();
});

it("does not start the local bridge in server mode (no token, no port)", async () => {
  expect(rt.env.usesEmbeddedStore).toBe(false);
  expect(await startLocalBridge(rt)).toBeUndefined();
  expect(fs.readdirSync(dataDir)).toEqual([]);
});
