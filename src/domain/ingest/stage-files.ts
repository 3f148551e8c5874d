/** Step 1 (extract + stage): probe, detect and load every file of a run into staging tables. */
import fs from "node:fs";
import crypto from "node:crypto";
import path from "node:path";
import type { ClickHouseClient } from "@clickhouse/client";
import { probeFile, type FileProbe } from "./file-probe";
import { detectLayout, type Layout } from "./layout";
import { jsonToTempCsv } from "./json-source";
import { createStageTable, loadCsvIntoStage } from "./stage";
import { stageParquet } from "./parquet-stage";
import type { RunTables } from "./run-tables";
import { IngestInputError } from "./errors";

export type StagedFile = {
  index: number;
  name: string;
  probe: FileProbe;
  header: string[];
  layout: Layout;
  table: string;
  rows: number;
  sha256: string;
};

export function sha256File(p: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = crypto.createHash("sha256");
    fs.createReadStream(p)
      .on("data", (c) => h.update(c))
      .on("error", reject)
      .on("end", () => resolve(h.digest("hex")));
  });
}

export async function stageFile(ch: ClickHouseClient, t: RunTables, index: number, file: string, name: string): Promise<StagedFile> {
  const hash = sha256File(file);
  hash.catch(() => undefined);
  let probe = await probeFile(file);
  let tempCsv: string | undefined;
  try {
    if (probe.format === "json") {
      tempCsv = jsonToTempCsv(file, name);
      probe = { ...(await probeFile(tempCsv)), sizeBytes: probe.sizeBytes, name };
    }
    probe = { ...probe, name };
    const table = t.stage(index);
    if (probe.format === "parquet") {
      const { header, rows } = await stageParquet(ch, table, probe);
      const layout = detectLayout(name, header);
      return { index, name, probe, header, layout, table, rows, sha256: await hash };
    }
    const layout = detectLayout(name, probe.header);
    await createStageTable(ch, table, probe.header.length);
    const rows = await loadCsvIntoStage(ch, table, probe);
    return { index, name, probe: { ...probe, path: file }, header: probe.header, layout, table, rows, sha256: await hash };
  } finally {
    if (tempCsv) fs.rmSync(path.dirname(tempCsv), { recursive: true, force: true });
  }
}

export async function stageFiles(ch: ClickHouseClient, t: RunTables, files: string[], names: string[]): Promise<StagedFile[]> {
  if (files.length === 0) throw new IngestInputError("no input files given");
  const out: StagedFile[] = [];
  for (const [i, f] of files.entries()) out.push(await stageFile(ch, t, i, f, names[i] ?? path.basename(f)));
  const total = out.reduce((n, s) => n + s.rows, 0);
  if (total === 0) throw new IngestInputError(`${out.map((s) => s.name).join(", ")}: the file has a header but no data rows; nothing was loaded`);
  return out;
}
