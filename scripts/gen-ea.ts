/**
 * Writes generated Azure EA ActualCost + AmortizedCost export CSVs.
 * npx tsx scripts/gen-ea.ts --months 1 --rows-per-day 1000 --out /tmp/x [--seed 1] [--end-month YYYY-MM]
 *   [--through YYYY-MM-DD] [--header 2024-08-01|legacy] [--billing-account 12345678]
 */
import { parseArgs } from "node:util";
import { generateEaExports } from "../src/domain/seed/index";

const { values } = parseArgs({
  options: {
    months: { type: "string", default: "1" },
    "rows-per-day": { type: "string", default: "1000" },
    out: { type: "string" },
    seed: { type: "string" },
    "end-month": { type: "string" },
    through: { type: "string" },
    header: { type: "string" },
    "billing-account": { type: "string" },
  },
});

const int = (name: string, v: string | undefined) => {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) {
    console.error(`--${name} must be a whole number, got "${v}"`);
    process.exit(2);
  }
  return Number(v);
};

async function main() {
  if (!values.out) {
    console.error("--out DIR is required");
    process.exit(2);
  }
  const header = values.header;
  if (header !== undefined && header !== "2024-08-01" && header !== "legacy") {
    console.error(`--header must be 2024-08-01 or legacy, got "${header}"`);
    process.exit(2);
  }
  const started = process.hrtime.bigint();
  let lastPrint = 0;
  const result = await generateEaExports({
    outDir: values.out,
    months: int("months", values.months) ?? 1,
    rowsPerDay: int("rows-per-day", values["rows-per-day"]) ?? 1000,
    seed: int("seed", values.seed),
    endMonth: values["end-month"],
    throughDate: values.through,
    headerVersion: header,
    billingAccountId: values["billing-account"],
    onProgress: (done, total) => {
      const now = Date.now();
      if (process.stderr.isTTY && now - lastPrint > 500) {
        lastPrint = now;
        process.stderr.write(`\r${done.toLocaleString("en-US")} / ~${total.toLocaleString("en-US")} rows`);
      }
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
  let rows = 0;
  let bytes = 0;
  for (const f of result.files) {
    rows += f.rows;
    bytes += f.bytes;
    console.log(`${f.path}  ${f.kind.padEnd(9)} ${String(f.rows).padStart(10)} rows  ${(f.bytes / 1e6).toFixed(1).padStart(8)} MB  cost ${f.cost}`);
  }
  console.log(`anomalies: ${result.anomalies.map((a) => `${a.id} (${a.days.map((d) => d.date).join(", ")})`).join("; ") || "none"}`);
  console.log(`manifest: ${result.manifestPath}`);
  console.log(
    `total: ${result.files.length} files, ${rows.toLocaleString("en-US")} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds).toLocaleString("en-US")} rows/s, ${(bytes / 1e6 / seconds).toFixed(0)} MB/s`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
