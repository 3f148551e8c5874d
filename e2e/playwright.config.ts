import { defineConfig } from "@playwright/test";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `abi-e2e-${port}`);
export const E2E_ADMIN = { email: "e2e-admin@example.com", password: "e2e-admin-password" };

export default defineConfig({
  testDir: "./specs",
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    // A production build (built here only when sources changed since the last one, as `npm run
    // demo` does) on the embedded default (chDB, PGlite, Temporal dev server, in-process worker).
    // Three generated months of EA data through the normal ingest path, then `next start`.
    command: `node scripts/build-once.mjs && rm -rf ${dataDir} && node bin/abi.mjs seed --months 3 --rows-per-day 150 && node scripts/next.mjs start`,
    cwd: path.resolve(path.dirname(fileURLToPath(import.meta.url)), ".."),
    url: `http://localhost:${port}/api/health`,
    // A first build takes minutes on a small machine.
    timeout: 900_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(port),
      ABI_DATA_DIR: dataDir,
      ABI_ADMIN_EMAIL: E2E_ADMIN.email,
      ABI_ADMIN_PASSWORD: E2E_ADMIN.password,
      CLICKHOUSE_URL: "",
      DATABASE_URL: "",
      TEMPORAL_ADDRESS: "",
    },
  },
});
