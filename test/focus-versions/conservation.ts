import type { ClickHouseClient } from "@clickhouse/client";
import type { IngestReport } from "~/domain/ingest";
import { rows } from "../focus/helpers";

/** Oracle: per-currency sums computed by ClickHouse straight over the CSV, every column read as text. */
export async function sourceTotals(ch: ClickHouseClient, file: string) {
  return rows<{ currency: string; billed: string; effective: string; n: string }>(
    ch,
    `SELECT BillingCurrency AS currency, toString(sum(toDecimal128(BilledCost, 18))) AS billed,
            toString(sum(toDecimal128(EffectiveCost, 18))) AS effective, toString(count()) AS n
     FROM file({file:String}, 'CSVWithNames') GROUP BY currency ORDER BY currency
     SETTINGS input_format_csv_use_best_effort_in_schema_inference = 0`,
    { file },
  );
}

/**
 * Per currency of the source file: billed and effective cost in the fact table plus the run's
 * quarantined cost equal the file's sums, exactly. Returns one {currency, b, e} per currency (1 = equal).
 */
export async function conservation(ch: ClickHouseClient, file: string, sourceId: string, r: IngestReport) {
  const src = await sourceTotals(ch, file);
  const stored = await rows<{ currency: string; billed: string; effective: string }>(
    ch,
    `SELECT BillingCurrency AS currency, toString(sum(BilledCost)) AS billed, toString(sum(EffectiveCost)) AS effective
     FROM focus_billing_data WHERE x_SourceId = {sourceId:String} GROUP BY currency ORDER BY currency`,
    { sourceId },
  );
  const quarantined = new Map(r.totals.map((t) => [t.currency, t]));
  const out: { currency: string; b: number; e: number }[] = [];
  for (const s of src) {
    const st = stored.find((x) => x.currency === s.currency);
    const q = quarantined.get(s.currency);
    const [eq] = await rows<{ b: number; e: number }>(
      ch,
      `SELECT toDecimal128({sb:String}, 18) + toDecimal128({qb:String}, 18) = toDecimal128({fb:String}, 18) AS b,
              toDecimal128({se:String}, 18) + toDecimal128({qe:String}, 18) = toDecimal128({fe:String}, 18) AS e`,
      { sb: st?.billed ?? "0", qb: q?.quarantinedBilledCost ?? "0", fb: s.billed, se: st?.effective ?? "0", qe: q?.quarantinedEffectiveCost ?? "0", fe: s.effective },
    );
    out.push({ currency: s.currency, b: Number(eq!.b), e: Number(eq!.e) });
  }
  return { out, rowsInFile: src.reduce((n, s) => n + Number(s.n), 0) };
}
