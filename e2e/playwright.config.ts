import { defineConfig } from "@playwright/test";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `abi-e2e-${port}`);
const idpPort = Number(process.env.E2E_OIDC_PORT ?? 3129);
export const E2E_ADMIN = { email: "e2e-admin@example.com", password: "e2e-admin-password" };
/** The app signs in through a real OpenID Connect provider (e2e/support/oidc-idp.ts) too. */
export const E2E_OIDC = { name: "Test IdP", issuer: `http://127.0.0.1:${idpPort}`, clientId: "abi-e2e", clientSecret: "abi-e2e-client-secret-0123456789" };

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
  webServer: [
    {
      command: "npx tsx e2e/support/oidc-idp.ts",
      cwd: path.resolve(path.dirname(fileURLToPath(import.meta.url)), ".."),
      url: `${E2E_OIDC.issuer}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      env: { OIDC_IDP_PORT: String(idpPort), OIDC_IDP_REDIRECT_URI: `http://localhost:${port}/api/auth/callback/oidc` },
    },
    {
    // A production build (built here only when sources changed since the last one, as `npm run
    // demo` does) on the embedded default (chDB, PGlite, Temporal dev server, in-process worker).
    // Three generated months of EA data through the normal ingest path, then `next start`.
    command: `node scripts/build-once.mjs && rm -rf ${dataDir} && node bin/abi.mjs seed --months 3 --rows-per-day 150 && npx tsx e2e/support/seed-oidc-group.ts && node scripts/next.mjs start`,
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
      OIDC_ISSUER: E2E_OIDC.issuer,
      OIDC_CLIENT_ID: E2E_OIDC.clientId,
      OIDC_CLIENT_SECRET: E2E_OIDC.clientSecret,
      OIDC_NAME: E2E_OIDC.name,
      OIDC_SCOPE: "openid email profile groups",
      // small enough for e2e/specs/security.spec.ts to reach, large enough for the other specs' uploads
      ABI_RATE_UPLOADS_PER_HOUR: "10",
    },
    },
  ],
});
