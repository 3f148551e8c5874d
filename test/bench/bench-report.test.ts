// bench:report turns saved bench JSON into the tables of docs/benchmarks.md and keeps the notes
// around its markers. Expected cells are the input values written by hand, not computed by the script.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-bench-report-"));
const write = (name: string, data: unknown) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `some log line\n${JSON.stringify(data)}\n`);
  return file;
};
const run = (out: string, files: string[]) => spawnSync("node_modules/.bin/tsx", ["scripts/bench-report.ts", "--out", out, ...files], { encoding: "utf8" });

describe("bench:report", () => {
  const ingest = write("ingest.json", { rows: 1000086, rowsPerSec: 178512.4, rawParseRowsPerSec: 637021, rawLoadRowsPerSec: 247621, ratio: 0.7209, peakRssMb: 1402 });
  const query = write("query.json", { rows: 1000000, queries: [{ name: "overview.daily", source: "rollup", p50Ms: 7.4, p95Ms: 64.6 }] });
  const pages = write("pages.json", { rows: 1000000, pages: [{ page: "/costs", user: "scoped", coldServerMs: 561, coldContentMs: 1227, warmContentMs: 1446 }] });
  const load = write("load.json", {
    bench: "load", date: "2026-12-05T23:00:00.000Z", machine: { cpus: 2, memGiB: 24, loadAvg1: 12.5 }, rows: 1000000, users: 50, thinkSeconds: 10, durationSeconds: 60, saturateSeconds: 30,
    cache: "result cache on", paced: { loads: 300, errors: 0, loadsPerSec: 5, p50Ms: 120, p95Ms: 640, maxMs: 900, byPage: { explorer: { loads: 150, p50Ms: 130, p95Ms: 700 } } },
    saturated: { loads: 90, errors: 1, loadsPerSec: 3, p50Ms: 9000, p95Ms: 15000, maxMs: 16000, byPage: {} }, ingest: { rows: 1000000, quietRowsPerSec: 170000, underLoadRowsPerSec: 90000 },
  });

  it("writes one table per bench kind, with sizes, dates, machine and commands", () => {
    const out = path.join(dir, "a.md");
    fs.writeFileSync(out, "# Benchmarks\n\nhand-written notes stay\n");
    const r = run(out, [ingest, query, pages, load]);
    expect(r.status, r.stderr).toBe(0);
    const md = fs.readFileSync(out, "utf8");
    expect(md).toContain("| 1,000,086 | up front | 178,512 | 637,021 | 247,621 | 0.721 | 1,402 / – |");
    expect(md).toContain("| overview.daily | rollup | admin | 7.4 | 64.6 |");
    expect(md).toContain("| 1M | scoped | /costs | 561 | 1,227 | 1,446 |");
    expect(md).toContain("| 1M | 50 | one load / 10 s each | 300 | 5 | 120 | 640 | 900 | 0 |");
    expect(md).toContain("| 1M | 50 | no think time | 90 | 3 | 9,000 | 15,000 | 16,000 | 1 |");
    expect(md).toContain("| 1M | 1,000,000 | 170,000 | 90,000 |");
    expect(md).toContain("2026-12-05 23:00 UTC, 2 vCPU, 24 GiB RAM");
    expect(md).toContain("npm run bench:load -- --rows N");
    expect(md).toContain("hand-written notes stay");
  });

  it("replaces its own section on the next run instead of adding another", () => {
    const out = path.join(dir, "b.md");
    fs.writeFileSync(out, "# Benchmarks\n\nnotes\n");
    expect(run(out, [ingest]).status).toBe(0);
    expect(run(out, [load]).status).toBe(0);
    const md = fs.readFileSync(out, "utf8");
    expect(md.match(/bench-report:start/g)).toHaveLength(1);
    expect(md).not.toContain("178,512");
    expect(md).toContain("no think time");
    expect(md).toContain("notes");
  });

  it("refuses a file that is not bench JSON", () => {
    const r = run(path.join(dir, "c.md"), [write("other.json", { hello: 1 })]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("not the JSON of a bench script");
  });
});
