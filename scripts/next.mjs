#!/usr/bin/env node
// Starts `next dev|start` with the port and data directory from PORT / ABI_DATA_DIR.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const mode = process.argv[2] ?? "dev";
const port = process.env.PORT || "3000";
const env = { NEXT_TELEMETRY_DISABLED: "1", ...process.env, PORT: port, NEXTAUTH_URL: process.env.NEXTAUTH_URL || `http://localhost:${port}` };
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const preload = new URL("./socket-address.mjs", import.meta.url).href;
const child = spawn(process.execPath, ["--import", preload, nextBin, mode, "--port", port, ...process.argv.slice(3)], { stdio: "inherit", env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
