import { gunzipSync, constants } from "node:zlib";

/** Splits one CSV record (RFC 4180 quotes; no embedded newlines in the header or first row). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") out.push(cur), (cur = "");
    else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Header and first data row from the first bytes of a CSV (gzip allowed, possibly cut short). */
export function csvHead(bytes: Buffer, gzip: boolean): { header: string[]; firstRow?: string[] } {
  const raw = gzip ? gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }) : bytes;
  const lines = raw.toString("utf8").replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? "").map((h) => h.trim());
  // The second line is a whole row only if a third line started after it.
  const firstRow = lines.length > 2 && lines[1] ? splitCsvLine(lines[1]) : undefined;
  return { header, firstRow };
}

/** "2026-03-01T00:00:00Z" in the row's BillingPeriodStart → "2026-03". */
export function billingMonthOfRow(head: { header: string[]; firstRow?: string[] }): string | undefined {
  const i = head.header.findIndex((h) => h.toLowerCase() === "billingperiodstart");
  const m = i >= 0 && head.firstRow ? /^(\d{4})-(\d{2})/.exec(head.firstRow[i]?.trim() ?? "") : null;
  return m ? `${m[1]}-${m[2]}` : undefined;
}
