/** Actual vs amortized for Azure files: explicit option, then file name, then the data itself. */
import type { ClickHouseClient } from "@clickhouse/client";
import { azureKindProbeSql } from "../focus/convert-azure";
import type { StagedFile } from "./stage-files";
import type { DatasetOption } from "./types";

export type AzureKind = "actual" | "amortized";
export type KindProbe = { purchases: number; unused: number; paidCommitmentUsage: number; freeCommitmentUsage: number };

export async function probeAzureKind(ch: ClickHouseClient, f: StagedFile): Promise<KindProbe> {
  if (f.layout.kind !== "azure") throw new Error("not an Azure file");
  const rs = await ch.query({ query: azureKindProbeSql(f.table, f.header, f.layout.agreement), format: "JSONEachRow" });
  const [r] = await rs.json<Record<keyof KindProbe, string>>();
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

export function azureKind(f: StagedFile, option: DatasetOption, probe: KindProbe): { kind: AzureKind; guessed: boolean } {
  if (option.endsWith("-actual")) return { kind: "actual", guessed: false };
  if (option.endsWith("-amortized")) return { kind: "amortized", guessed: false };
  const byName = kindFromName(f.name);
  if (byName) return { kind: byName, guessed: false };
  if (probe.purchases > 0 || probe.freeCommitmentUsage > 0) return { kind: "actual", guessed: false };
  if (probe.unused > 0 || probe.paidCommitmentUsage > 0) return { kind: "amortized", guessed: false };
  // Only on-demand/spot/marketplace rows: actual and amortized are equal by definition.
  return { kind: "actual", guessed: true };
}
