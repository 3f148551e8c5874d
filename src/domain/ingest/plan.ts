/** Decides per file what the recipe takes (actual vs amortized) and, after conversion, what the run approximated. */
// docs/focus-mapping.md#actual-and-amortized-files
import type { ClickHouseClient } from "@clickhouse/client";
import { azureKind, kindFromOption, probeAzureKind } from "./classify";
import type { FilePlan } from "./convert-step";
import type { StagedFile } from "./staged-file";
import type { DatasetOption } from "./types";
import { IngestInputError } from "./errors";

export type RunPlan = { plans: FilePlan[]; dataset: string };

export async function planRun(ch: ClickHouseClient, staged: StagedFile[], option: DatasetOption): Promise<RunPlan> {
  const kinds = new Map<number, "actual" | "amortized">();
  for (const f of staged) {
    if (f.layout.kind === "focus") {
      if (option !== "auto" && option !== "focus") throw new IngestInputError(`${f.name}: is a FOCUS file but --dataset ${option} was given`);
      continue;
    }
    if (option === "focus") throw new IngestInputError(`${f.name}: is an Azure ${f.layout.agreement.toUpperCase()} cost file, not FOCUS`);
    if (option !== "auto" && !option.startsWith(f.layout.agreement)) {
      throw new IngestInputError(`${f.name}: is an Azure ${f.layout.agreement.toUpperCase()} cost file but --dataset ${option} was given`);
    }
    // Decided by name before staging (stage-files.ts): an actual-cost file next to an amortized one.
    if (f.purchasesOnly) kinds.set(f.index, "actual");
    // Only a file that neither the option nor its name classifies is read for it (its headers are the same either way).
    else kinds.set(f.index, kindFromOption(f, option) ?? azureKind(await probeAzureKind(ch, f)));
  }
  const hasAmortized = [...kinds.values()].includes("amortized");
  const plans: FilePlan[] = staged.map((f) => {
    if (f.layout.kind === "focus") return { file: f, kind: "focus", selectAll: true };
    const kind = kinds.get(f.index) ?? "actual";
    return { file: f, kind, selectAll: !(kind === "actual" && hasAmortized) };
  });
  const names = [...new Set(plans.map((p) => (p.file.layout.kind === "focus" ? "focus" : `${p.file.layout.agreement}-${p.kind}`)))];
  return { plans, dataset: names.join("+") };
}

/** Converted rows per file and commitment kind ('purchase', 'unused', 'paid-usage', 'free-usage'). */
export type CommitCounts = { file: number; commit: string; rows: number }[];

/** What a run with only one kind of Azure file could not state exactly (the recipe needs both). */
export function approximations(plan: RunPlan, counts: CommitCounts): string[] {
  const kindOf = new Map(plan.plans.map((p) => [p.file.index, p.kind]));
  const kinds = new Set(kindOf.values());
  const sum = (kind: string, commits: string[]) =>
    counts.filter((c) => kindOf.get(c.file) === kind && commits.includes(c.commit)).reduce((n, c) => n + c.rows, 0);
  const out: string[] = [];
  const freeUsage = sum("actual", ["free-usage"]);
  if (kinds.has("actual") && !kinds.has("amortized") && freeUsage > 0) {
    out.push(
      `actual cost only: EffectiveCost of ${freeUsage} commitment-covered usage rows is 0 and unused commitment is not reported (add the amortized export for exact effective cost)`,
    );
  }
  if (kinds.has("amortized") && !kinds.has("actual") && sum("amortized", ["paid-usage", "unused"]) > 0) {
    out.push("amortized cost only: commitment purchases and refunds are missing, so BilledCost of reservations/savings plans is not included (add the actual-cost export)");
  }
  return out;
}
