// The afterMonth hook behind `bench:ingest --stream`: each month is handed over complete, before
// the next one is written, and deleting it there changes nothing in the months that follow.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { generateEaExports } from "~/domain/seed";
import { readExportCsv } from "./read-export-csv";

const opts = { months: 3, endMonth: "2025-03", rowsPerDay: 100, seed: 11 };
const dirs: string[] = [];
const tmp = (name: string) => {
  dirs.push(fs.mkdtempSync(path.join(os.tmpdir(), `abi-seed-${name}-`)));
  return dirs.at(-1)!;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const sha = (p: string) => crypto.createHash("sha256").update(fs.readFileSync(p)).digest("hex");

it("hands over each month's two files once complete, and deleting them there leaves the other months byte-identical", async () => {
  const whole = await generateEaExports({ ...opts, outDir: tmp("whole") });
  const expected = new Map(whole.files.map((f) => [`${f.month}/${f.kind}`, { sha: sha(f.path), rows: readExportCsv(f.path).rows.length }]));

  const dir = tmp("streamed");
  const seen: { month: string; kinds: string[]; csvInDir: string[] }[] = [];
  await generateEaExports({
    ...opts,
    outDir: dir,
    afterMonth: async (files) => {
      seen.push({ month: files[0]!.month, kinds: files.map((f) => f.kind), csvInDir: fs.readdirSync(dir).filter((n) => n.endsWith(".csv")).sort() });
      for (const f of files) {
        // complete: same bytes and rows as the up-front run's file of that month
        expect({ sha: sha(f.path), rows: readExportCsv(f.path).rows.length }).toEqual(expected.get(`${f.month}/${f.kind}`));
        expect(f.rows).toBe(expected.get(`${f.month}/${f.kind}`)!.rows);
        fs.rmSync(f.path);
      }
    },
  });
  expect(seen.map((s) => s.month)).toEqual(["2025-01", "2025-02", "2025-03"]);
  for (const s of seen) {
    expect(s.kinds).toEqual(["actual", "amortized"]);
    // only this month's files on disk: the earlier ones were deleted, the next not started
    expect(s.csvInDir).toEqual([`EA_ActualCost_${s.month}.csv`, `EA_AmortizedCost_${s.month}.csv`]);
  }
});
