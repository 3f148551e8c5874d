/**
 * Disk used by a benchmark's ClickHouse store, per 1M rows (issue 15: "disk used per 1M rows is
 * reported"). Three views, because they differ for a while after an ingest:
 *   dataDirBytes      every file under the data directory (du), after the merges settled: what the
 *                     disk really holds now, including replaced parts ClickHouse deletes only
 *                     after old_parts_lifetime (8 min) and dropped tables awaiting removal;
 *   activePartsBytes  bytes_on_disk of the active parts of every table (what stays);
 *   fact*             the FOCUS fact table's active parts: compressed and uncompressed column bytes.
 */
import fs from "node:fs";
import path from "node:path";
import type { ClickHouseClient } from "@clickhouse/client";

export function dirBytes(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += dirBytes(p);
    else if (e.isFile()) total += fs.statSync(p).size;
  }
  return total;
}

export type DiskFootprint = {
  dataDirBytes: number;
  activePartsBytes: number;
  factCompressedBytes: number;
  factUncompressedBytes: number;
  factRows: number;
  diskBytesPer1MRows: number;
  activePartsBytesPer1MRows: number;
  factCompressedBytesPer1MRows: number;
};

export async function diskFootprint(ch: ClickHouseClient, dataDir: string, rowsLoaded: number): Promise<DiskFootprint> {
  const rs = await ch.query({
    query: `SELECT sum(bytes_on_disk) AS active_bytes,
      sumIf(data_compressed_bytes, table = 'focus_billing_data') AS fc,
      sumIf(data_uncompressed_bytes, table = 'focus_billing_data') AS fu,
      sumIf(rows, table = 'focus_billing_data') AS fr
    FROM system.parts WHERE active AND database = currentDatabase()`,
    format: "JSONEachRow",
  });
  const p = (await rs.json<{ active_bytes: string; fc: string; fu: string; fr: string }>())[0]!;
  const dataDirBytes = dirBytes(dataDir);
  const per1M = (bytes: number) => Math.round((bytes / Math.max(1, rowsLoaded)) * 1e6);
  return {
    dataDirBytes,
    activePartsBytes: Number(p.active_bytes),
    factCompressedBytes: Number(p.fc),
    factUncompressedBytes: Number(p.fu),
    factRows: Number(p.fr),
    diskBytesPer1MRows: per1M(dataDirBytes),
    activePartsBytesPer1MRows: per1M(Number(p.active_bytes)),
    factCompressedBytesPer1MRows: per1M(Number(p.fc)),
  };
}
