import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClickHouseClient } from "@clickhouse/client";
import { freshClickHouse } from "../helpers/chdb";
import { ingestFiles } from "~/domain/ingest";
import { rows, FIX } from "./helpers";

let ch: ClickHouseClient;
let tmp: string;

/** Minimal RFC 4180 reader for the small fixture (quoted cells, doubled quotes, no embedded newlines). */
function parseLine(line: string): string[] {
  const out: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") out.push(cell), (cell = "");
    else cell += c;
  }
  out.push(cell);
  return out;
}
const quote = (s: string) => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Rewrites the old-header EA fixture as another export version: renamed, re-ordered, re-dated. */
function rewrite(rename: Record<string, string>, opts: { reverse?: boolean; lowerCase?: boolean; isoDates?: boolean }) {
  const [head, ...body] = fs.readFileSync(FIX("azure-ea/EA_ActualCost_Small.csv"), "utf8").replace(/^\uFEFF/, "").split("\n").filter(Boolean);
  let header = parseLine(head!).map((h) => rename[h] ?? h);
  let data = body.map(parseLine);
  const order = header.map((_, i) => i);
  if (opts.reverse) order.reverse();
  header = order.map((i) => header[i]!);
  data = data.map((r) => order.map((i) => r[i]!));
  if (opts.lowerCase) header = header.map((h) => h.toLowerCase());
  if (opts.isoDates) data = data.map((r) => r.map((v) => v.replace(/^(\d{2})\/(\d{2})\/(\d{4})$/, "$3-$1-$2")));
  return [header, ...data].map((r) => r.map(quote).join(",")).join("\n") + "\n";
}

beforeAll(async () => {
  ({ ch } = await freshClickHouse());
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "abi-hdr-"));
});

const RENAME_2024 = { Cost: "CostInBillingCurrency", BillingCurrency: "BillingCurrencyCode", Product: "ProductName", InvoiceSection: "InvoiceSectionName" };

describe("EA header versions are read by name, never by position", () => {
  it("old names, 2021-10-01/2024-08-01 names re-ordered, lower-case, ISO dates and gzip all give the same rows", async () => {
    const variants: Record<string, string | Buffer> = {
      "old.csv": rewrite({}, {}),
      "v2024-reversed.csv": rewrite(RENAME_2024, { reverse: true }),
      "v2024-lower-iso.csv": rewrite(RENAME_2024, { lowerCase: true, isoDates: true }),
      "v2024.csv.gz": zlib.gzipSync(Buffer.from(rewrite(RENAME_2024, {}))),
    };
    const snapshots: unknown[] = [];
    for (const [name, content] of Object.entries(variants)) {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, content);
      const source = `hdr-${name}`;
      const r = await ingestFiles(ch, { sourceId: source, files: [file] });
      expect(r.rows).toEqual({ in: 11, loaded: 11, quarantined: 0, excluded: 0 });
      snapshots.push(
        await rows(
          ch,
          `SELECT toString(BilledCost) AS b, ChargePeriodStart, ChargeDescription, x_InvoiceSectionName, BillingCurrency, ServiceName, Tags
           FROM focus_billing_data WHERE x_SourceId = {s:String} ORDER BY ChargePeriodStart, b, ChargeDescription`,
          { s: source },
        ),
      );
    }
    for (const s of snapshots.slice(1)) expect(s).toEqual(snapshots[0]);
    expect((snapshots[0] as { ChargeDescription: string }[]).some((r) => r.ChargeDescription.startsWith("Virtual Machines BS Series"))).toBe(true);
  });
});
