/** Decides per file what the recipe takes (actual vs amortized) and what the run approximates. */
import type { ClickHouseClient } from "@clickhouse/client";
import { azureKind, probeAzureKind, type KindProbe } from "./classify";
import type { FilePlan } from "./convert-step";
import type { StagedFile } from "./stage-files";
import type { DatasetOption } from "./types";
import { IngestInputError } from "./errors";

export type RunPlan = { plans: FilePlan[]; dataset: string; approximations: string[] };

export async function planRun(ch: ClickHouseClient, staged: StagedFile[], option: DatasetOption): Promise<RunPlan> {
  const probes = new Map<number, KindProbe>();
  const kinds = new Map<number, "actual" | "amortized">();
  const approximations: string[] = [];
  for (const f of staged) {
    if (f.layout.kind === "focus") {
      if (option !== "auto" && option !== "focus") throw new IngestInputError(`${f.name}: is a FOCUS file but --dataset ${option} was given`);
      continue;
    }
    if (option === "focus") throw new IngestInputError(`${f.name}: is an Azure ${f.layout.agreement.toUpperCase()} cost file, not FOCUS`);
    if (option !== "auto" && !option.startsWith(f.layout.agreement)) {
      throw new IngestInputError(`${f.name}: is an Azure ${f.layout.agreement.toUpperCase()} cost file but --dataset ${option} was given`);
    }
    if (f.purchasesOnly) {
      // Decided by name before staging (stage-files.ts): an actual-cost file next to an amortized one.
      kinds.set(f.index, "actual");
      continue;
    }
    const probe = await probeAzureKind(ch, f);
    probes.set(f.index, probe);
    kinds.set(f.index, azureKind(f, option, probe).kind);
  }
  const hasActual = [...kinds.values()].includes("actual");
  const hasAmortized = [...kinds.values()].includes("amortized");
  const plans: FilePlan[] = staged.map((f) => {
    if (f.layout.kind === "focus") return { file: f, kind: "focus", selectAll: true };
    const kind = kinds.get(f.index) ?? "actual";
    return { file: f, kind, selectAll: !(kind === "actual" && hasAmortized) };
  });
  const sum = (k: keyof KindProbe, kind: string) =>
    staged.filter((f) => kinds.get(f.index) === kind).reduce((n, f) => n + (probes.get(f.index)?.[k] ?? 0), 0);
  if (hasActual && !hasAmortized && sum("freeCommitmentUsage", "actual") > 0) {
    approximations.push(
      `actual cost only: EffectiveCost of ${sum("freeCommitmentUsage", "actual")} commitment-covered usage rows is 0 and unused commitment is not reported (add the amortized export for exact effective cost)`,
    );
  }
  if (hasAmortized && !hasActual && sum("paidCommitmentUsage", "amortized") + sum("unused", "amortized") > 0) {
    approximations.push("amortized cost only: commitment purchases and refunds are missing, so BilledCost of reservations/savings plans is not included (add the actual-cost export)");
  }
  const names = [...new Set(plans.map((p) => (p.file.layout.kind === "focus" ? "focus" : `${p.file.layout.agreement}-${p.kind}`)))];
  return { plans, dataset: names.join("+"), approximations };
}
