/** Step 1 (extract + stage): probe, detect and load every file of a run into staging tables. */
import fs from "node:fs";
import crypto from "node:crypto";
import path from "node:path";
import type { ClickHouseClient } from "@clickhouse/client";
import { probeFile } from "./file-probe";
import { detectLayout } from "./layout";
import { jsonToTempCsv } from "./json-source";
import { createStageTable, loadCsvIntoStage } from "./stage";
import { isEmbeddedClickHouse } from "./engine-mode";
import { stageParquet } from "./parquet-stage";
import type { RunTables } from "./run-tables";
import { IngestInputError } from "./errors";
import { releaseEngineMemory } from "./release-memory";
import { kindFromName } from "./classify";
import { azureCommitPurchaseFilter } from "../focus/convert-azure";
import type { DatasetOption } from "./types";
import type { StagedFile } from "./staged-file";

export type { StagedFile } from "./staged-file";


export function sha256File(p: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = crypto.createHash("sha256");
    fs.createReadStream(p, { highWaterMark: 1 << 20 })
      .on("data", (c) => h.update(c))
      .on("error", reject)
      .on("end", () => resolve(h.digest("hex")));
  });
}

export async function stageFile(ch: ClickHouseClient, t: RunTables, index: number, file: string, name: string, opts: { purchasesOnly?: boolean } = {}): Promise<StagedFile> {
  let probe = await probeFile(file);
  let tempCsv: string | undefined;
  // Hashing runs beside the engine's read of the same file.
  const startHash = () => {
    const h = sha256File(file);
    h.catch(() => undefined);
    return h;
  };
  try {
    if (probe.format === "json") {
      tempCsv = jsonToTempCsv(file, name);
      probe = { ...(await probeFile(tempCsv)), sizeBytes: probe.sizeBytes, name };
    }
    probe = { ...probe, name };
    const table = t.stage(index);
    if (probe.format === "parquet") {
      const hash = startHash();
      const { header, rows } = await stageParquet(ch, table, probe);
      const layout = detectLayout(name, header);
      return { index, name, probe, header, layout, table, rows, sha256: await hash };
    }
    const layout = detectLayout(name, probe.header);
    const purchasesOnly = opts.purchasesOnly === true && layout.kind === "azure";
    // A purchases-only file is read directly too: its conversion keeps only the commitment
    // purchases/refunds while parsing (convert-azure.ts), so its rows are parsed once, never staged.
    if (!tempCsv && isEmbeddedClickHouse(ch)) {
      return { index, name, probe: { ...probe, path: file }, header: probe.header, layout, table, rows: 0, sha256: "", direct: true, purchasesOnly };
    }
    const hash = startHash();
    await createStageTable(ch, table, probe.header.length);
    const rows = await loadCsvIntoStage(ch, table, probe, purchasesOnly ? azureCommitPurchaseFilter(probe.header) : undefined);
    return { index, name, probe: { ...probe, path: file }, header: probe.header, layout, table, rows, sha256: await hash, purchasesOnly };
  } finally {
    if (tempCsv) fs.rmSync(path.dirname(tempCsv), { recursive: true, force: true });
  }
}

/** The Azure CSV layout of a file from its header, or undefined (not CSV, not Azure, or unreadable: stageFile reports why). */
async function azureCsvLayout(file: string, name: string): Promise<boolean> {
  try {
    const probe = await probeFile(file);
    return probe.format === "csv" && detectLayout(name, probe.header).kind === "azure";
  } catch {
    return false;
  }
}

/**
 * Files whose rows the recipe will mostly exclude, decided before reading them: with `auto`, an
 * Azure file named as an actual-cost export when another Azure file of the run is named amortized
 * contributes only its commitment purchases and refunds (the same choice planRun makes).
 */
export async function purchaseOnlyFiles(files: string[], names: string[], dataset: DatasetOption): Promise<Set<number>> {
  const out = new Set<number>();
  if (dataset !== "auto") return out;
  const azure = await Promise.all(files.map((f, i) => azureCsvLayout(f, names[i]!)));
  const kinds = names.map((n, i) => (azure[i] ? kindFromName(n) : undefined));
  if (!kinds.includes("amortized")) return out;
  kinds.forEach((k, i) => {
    if (k === "actual") out.add(i);
  });
  return out;
}

export async function stageFiles(ch: ClickHouseClient, t: RunTables, files: string[], names: string[], dataset: DatasetOption = "auto"): Promise<StagedFile[]> {
  if (files.length === 0) throw new IngestInputError("no input files given");
  const allNames = files.map((f, i) => names[i] ?? path.basename(f));
  const purchasesOnly = await purchaseOnlyFiles(files, allNames, dataset);
  const out: StagedFile[] = [];
  for (const [i, f] of files.entries()) {
    const staged = await stageFile(ch, t, i, f, allNames[i]!, { purchasesOnly: purchasesOnly.has(i) });
    out.push(staged);
    if (!staged.direct) await releaseEngineMemory(ch);
  }
  return out;
}
