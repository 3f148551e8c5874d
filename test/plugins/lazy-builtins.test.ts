/**
 * Loading the plugin registry does not load the built-ins' cloud clients: the S3 SDK, nodemailer
 * (the e-mail notifier) and the focus-files test-connection code are imported on the first call of
 * a capability. Observed in a
 * child process through a Node module hook that logs each matching module as it loads.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "../..");

describe("built-ins load their cloud code on first use", () => {
  it("nothing of @aws-sdk, nodemailer or a plugin's extract/test-connection module loads with the registry; the first call loads them", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "--import", "./test/plugins/support/log-imports-hook.mjs", "test/plugins/support/lazy-builtins-probe.mts"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 120_000,
      env: { ...process.env, ABI_LOG_IMPORTS: "@aws-sdk/client-s3/|/node_modules/nodemailer/|/plugins/builtin/[^/]+/(extract-month|test-connection)\\.ts|/sources/azure-cost-details/client\\.ts" },
    });
    const lines = r.stderr.split("\n");
    const loadedAt = lines.indexOf("REGISTRY LOADED");
    expect(loadedAt, r.stderr).toBeGreaterThanOrEqual(0);
    expect(lines.slice(0, loadedAt).filter((l) => l.startsWith("IMPORT "))).toEqual([]);
    const after = lines.slice(loadedAt).filter((l) => l.startsWith("IMPORT "));
    expect(after.some((l) => l.includes("/plugins/builtin/focus-files/test-connection.ts"))).toBe(true);
    expect(after.some((l) => l.includes("@aws-sdk/client-s3/"))).toBe(true);
    expect(lines.some((l) => l.startsWith("CALLED "))).toBe(true);
  });
});
