/**
 * Version-aware FOCUS input (docs/focus-versions.md): each FOCUS file's version is decided once at
 * staging, its rows are judged by that version's rules, and the run's report says what came in and
 * what the upgrade to the stored shape derived.
 */
import type { RuleResult } from "../focus/validation";
import { compileRuleSet, type CompiledRuleSet, type TableColumn } from "../focus/validation/rule-set";
import { focusHeaderIndex } from "../focus/convert-focus";
import { resolveFocusVersion, type InputFocusVersion } from "../focus/versions/detect";
import { rulesForVersion } from "../focus/versions/rules";
import { upgradeSummary } from "../focus/versions/upgrade";
import { IngestInputError } from "./errors";
import type { StagedFile } from "./staged-file";
import type { Layout } from "./layout";
import type { FocusInput } from "./types";

type FocusLayout = Extract<Layout, { kind: "focus" }>;

/** Sets each FOCUS file's version (option, metadata file next to it, header) and describes its upgrade. */
export function applyFocusVersions(staged: StagedFile[], paths: readonly string[], option: InputFocusVersion | undefined): FocusInput[] {
  const focus = staged.filter((f): f is StagedFile & { layout: FocusLayout } => f.layout.kind === "focus");
  if (option && focus.length === 0) {
    throw new IngestInputError(`--focus-version ${option} applies to FOCUS files, and ${staged.map((f) => f.name).join(", ")} ${staged.length === 1 ? "is not one" : "are not"}`);
  }
  return focus.map((f) => {
    const r = resolveFocusVersion(paths[f.index] ?? f.probe.path, f.layout.version, option);
    f.layout = { ...f.layout, version: r.version };
    const { derived, nulls } = upgradeSummary(new Set(focusHeaderIndex(f.header).keys()));
    return { file: f.name, version: r.version, source: r.source, detail: r.detail, derived, nulls };
  });
}

/** The rule set that judges a file's rows: its own FOCUS version's, or the 1.2 model for an Azure conversion. */
export function rulesForFile(columns: readonly TableColumn[], f: StagedFile): CompiledRuleSet {
  if (f.layout.kind !== "focus") return compileRuleSet(columns, "1.2");
  return rulesForVersion(columns, f.layout.version as InputFocusVersion, new Set(focusHeaderIndex(f.header).keys()));
}

/**
 * Report lines for files before 1.2: the version each came in as, the upgrade, and the schema rules
 * and skipped rules of its version (1.2 runs report as before).
 */
export function versionResults(columns: readonly TableColumn[], staged: readonly StagedFile[], inputs: readonly FocusInput[]): RuleResult[] {
  const out: RuleResult[] = [];
  for (const input of inputs) {
    out.push({
      ruleId: `x_FocusInput:${input.file}`,
      description: "FOCUS version of the input file and its upgrade to the stored 1.2/1.3 shape",
      scope: "schema",
      result: "pass",
      violations: 0,
      details: `FOCUS ${input.version} (from the ${input.source === "option" ? "--focus-version option" : input.source === "metadata" ? `metadata file ${input.detail}` : "header"}); derived: ${input.derived.join(", ") || "none"}; null (not in the file): ${input.nulls.join(", ") || "none"}`,
    });
    const f = staged.find((s) => s.name === input.file && s.layout.kind === "focus");
    if (!f || input.version === "1.2" || input.version === "1.3") continue;
    const rules = rulesForFile(columns, f);
    for (const s of rules.schema) {
      out.push({ ruleId: s.id, description: s.description, scope: "schema", result: s.pass ? "pass" : "fail", violations: s.pass ? 0 : 1, details: `${input.file}: ${s.detail}` });
    }
    for (const s of rules.skipped) out.push({ ruleId: s.id, description: s.description, scope: "row", result: "skipped", violations: 0, details: s.reason });
  }
  return out;
}
