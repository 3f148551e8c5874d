/** Actual vs amortized for Azure files: explicit option, then file name, then the data itself. */
import type { ClickHouseClient } from "@clickhouse/client";
import { azureKindProbeSql } from "../focus/convert-azure";
import { fileRows, readingFile } from "./file-rows";
import type { StagedFile } from "./staged-file";
import type { DatasetOption } from "./types";

export type AzureKind = "actual" | "amortized";
export type KindProbe = { purchases: number; unused: number; paidCommitmentUsage: number; freeCommitmentUsage: number };

/** Reads the file for the rows that tell actual from amortized (only when neither the option nor the name does). */
export async function probeAzureKind(ch: ClickHouseClient, f: StagedFile): Promise<KindProbe> {
  if (f.layout.kind !== "azure") throw new Error("not an Azure file");
  const rows = fileRows(f);
  const query = azureKindProbeSql(rows.sql, f.header, f.layout.agreement);
  const [r] = await readingFile(f, async () => (await ch.query({ query, query_params: rows.params, format: "JSONEachRow" })).json<Record<keyof KindProbe, string>>());
  return {
    purchases: Number(r?.purchases ?? 0),
    unused: Number(r?.unused ?? 0),
    paidCommitmentUsage: Number(r?.paidCommitmentUsage ?? 0),
    freeCommitmentUsage: Number(r?.freeCommitmentUsage ?? 0),
  };
}

/** The kind an Azure export's file name states (Cost Management names them …ActualCost… / …AmortizedCost…). */
export function kindFromName(name: string): AzureKind | undefined {
  const n = name.toLowerCase();
  if (n.includes("amortized") || n.includes("amortised")) return "amortized";
  if (n.includes("actual")) return "actual";
  return undefined;
}

/** The kind the --dataset option or the file name states, if any. */
export function kindFromOption(f: StagedFile, option: DatasetOption): AzureKind | undefined {
  if (option.endsWith("-actual")) return "actual";
  if (option.endsWith("-amortized")) return "amortized";
  return kindFromName(f.name);
}

/** The kind the data shows; only on-demand/spot/marketplace rows means actual and amortized are equal by definition. */
export function azureKind(probe: KindProbe): AzureKind {
  if (probe.purchases > 0 || probe.freeCommitmentUsage > 0) return "actual";
  if (probe.unused > 0 || probe.paidCommitmentUsage > 0) return "amortized";
  return "actual";
}
