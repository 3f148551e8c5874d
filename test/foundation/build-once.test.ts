import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * `npm run demo` builds once: scripts/build-once.mjs runs `next build` only when no build exists
 * or a build input (src/, public/, next.config.mjs, package*.json, tsconfig.json) changed since the
 * last one. Checked with --dry-run on a small project tree (the script copied into it).
 */
let root: string;

function dryRun() {
  const r = spawnSync(process.execPath, [path.join(root, "scripts/build-once.mjs"), "--dry-run"], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  const hash = /source hash ([0-9a-f]{64})/.exec(r.stdout)?.[1];
  expect(hash).toBeDefined();
  return { out: r.stdout, hash: hash!, wouldBuild: r.stdout.includes("would build") };
}

/** What a finished `next build` leaves behind: BUILD_ID and the stored hash. */
function markBuilt(hash: string) {
  fs.mkdirSync(path.join(root, ".next"), { recursive: true });
  fs.writeFileSync(path.join(root, ".next/BUILD_ID"), "test-build");
  fs.writeFileSync(path.join(root, ".next/abi-source-hash"), `${hash}\n`);
}

const write = (rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "abi-build-once-"));
  write("scripts/build-once.mjs", fs.readFileSync("scripts/build-once.mjs", "utf8"));
  write("src/app/page.tsx", "export default function Page() { return null; }\n");
  write("public/icon.svg", "<svg/>\n");
  for (const f of ["next.config.mjs", "package.json", "package-lock.json", "tsconfig.json"]) write(f, `{"file":"${f}"}\n`);
  write("worker/activities.ts", "export {};\n");
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("build-once", () => {
  it("builds when there is no production build", () => {
    const r = dryRun();
    expect(r.wouldBuild).toBe(true);
    expect(r.out).toContain("no production build yet");
  });

  it("reuses the build while the sources are unchanged, whatever else changes", () => {
    markBuilt(dryRun().hash);
    expect(dryRun().wouldBuild).toBe(false);
    // Not build inputs: the embedded data, tests, the worker (loaded by path at run time).
    write(".data/pglite/file", "x");
    write("test/a.test.ts", "x");
    write("worker/activities.ts", "export const changed = 1;\n");
    const r = dryRun();
    expect(r.wouldBuild).toBe(false);
    expect(r.out).toContain("up to date");
  });

  it.each(["src/app/page.tsx", "src/new-file.ts", "public/icon.svg", "next.config.mjs", "package-lock.json", "tsconfig.json"])("rebuilds after %s changes", (rel) => {
    const before = dryRun();
    markBuilt(before.hash);
    expect(dryRun().wouldBuild).toBe(false);
    write(rel, `changed ${rel}\n`);
    const after = dryRun();
    expect(after.wouldBuild).toBe(true);
    expect(after.out).toContain("sources changed");
    expect(after.hash).not.toBe(before.hash);
  });

  it("rebuilds when the last build did not finish (no BUILD_ID)", () => {
    markBuilt(dryRun().hash);
    fs.rmSync(path.join(root, ".next/BUILD_ID"));
    expect(dryRun().wouldBuild).toBe(true);
  });
});
