#!/usr/bin/env node
// `next build` only when the sources that go into the build changed since the last one.
// The hash of those sources is stored next to the build output (.next/abi-source-hash).
// Usage: node scripts/build-once.mjs [--dry-run]   (--dry-run: print the decision, build nothing)
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** What `next build` reads. worker/ is not in it: the app loads the worker by path at run time. */
export const BUILD_INPUTS = ["src", "public", "next.config.mjs", "package.json", "package-lock.json", "tsconfig.json"];
export const HASH_FILE = path.join(".next", "abi-source-hash");

function listFiles(root, rel) {
  const full = path.join(root, rel);
  if (!fs.existsSync(full)) return [];
  if (!fs.statSync(full).isDirectory()) return [rel];
  return fs
    .readdirSync(full)
    .sort()
    .flatMap((name) => listFiles(root, path.join(rel, name)));
}

/** sha256 over every input file's path and content, in a stable order. */
export function sourceHash(root) {
  const hash = createHash("sha256");
  for (const rel of BUILD_INPUTS.flatMap((input) => listFiles(root, input))) {
    hash.update(rel.split(path.sep).join("/")).update("\0").update(fs.readFileSync(path.join(root, rel))).update("\0");
  }
  return hash.digest("hex");
}

/** Whether a build is needed, and why. A build without a BUILD_ID (failed or absent) never counts. */
export function buildDecision(root) {
  const hash = sourceHash(root);
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return { build: true, hash, reason: "no production build yet" };
  const stored = fs.existsSync(path.join(root, HASH_FILE)) ? fs.readFileSync(path.join(root, HASH_FILE), "utf8").trim() : "";
  if (stored !== hash) return { build: true, hash, reason: "sources changed since the last build" };
  return { build: false, hash, reason: "production build is up to date" };
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const decision = buildDecision(root);
  const dryRun = process.argv.includes("--dry-run");
  console.log(`build: ${decision.reason}${decision.build ? (dryRun ? " (dry run: would build)" : ", running next build (takes a few minutes)") : ""}`);
  if (dryRun) console.log(`build: source hash ${decision.hash}`);
  if (!decision.build || dryRun) return;
  fs.rmSync(path.join(root, HASH_FILE), { force: true });
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const result = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env } });
  if (result.status !== 0) {
    console.error("build: next build failed; fix the error above and run again");
    process.exit(result.status ?? 1);
  }
  // The hash of the sources as they were when the build started.
  fs.writeFileSync(path.join(root, HASH_FILE), `${decision.hash}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
