#!/usr/bin/env node
// Starts `next dev|start` with the port and data directory from PORT / ABI_DATA_DIR, on all interfaces.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const mode = process.argv[2] ?? "dev";
const port = process.env.PORT || "3000";
const env = { NEXT_TELEMETRY_DISABLED: "1", ...process.env, PORT: port };
if (!env.NEXTAUTH_URL) {
  if (!env.DATABASE_URL) {
    // Embedded/demo mode without a configured public URL: next-auth takes the origin from the
    // request's Host (AUTH_TRUST_HOST), so the app works from any address it is opened on, not
    // only http://localhost. When NEXTAUTH_URL is set it stays authoritative.
    env.AUTH_TRUST_HOST = "1";
  } else {
    env.NEXTAUTH_URL = `http://localhost:${port}`;
  }
}
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
// No --hostname: Next listens on every interface (IPv4 and IPv6) by default.
const preload = new URL("./socket-address.mjs", import.meta.url).href;
const child = spawn(process.execPath, ["--import", preload, nextBin, mode, "--port", port, ...process.argv.slice(3)], { stdio: "inherit", env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
