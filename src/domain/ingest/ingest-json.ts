import type { IngestReport } from "./types";

/** Exactly the `abi ingest --json` shape of issue 3 (decimals as strings). */
export function ingestJson(r: IngestReport) {
  return {
    runId: r.runId,
    dataset: r.dataset,
    rows: { in: r.rows.in, loaded: r.rows.loaded, quarantined: r.rows.quarantined, excluded: r.rows.excluded },
    totals: r.totals.map((t) => ({ currency: t.currency, sourceCost: t.sourceCost, billedCost: t.billedCost, effectiveCost: t.effectiveCost })),
    quarantine: r.quarantine.map((q) => ({ rule: q.rule, rows: q.rows })),
    seconds: r.seconds,
    // Only for runs with FOCUS files (docs/focus-versions.md); Azure runs keep the shape above.
    ...(r.focusInputs?.length
      ? { focusInputs: r.focusInputs.map((f) => ({ file: f.file, version: f.version, versionFrom: f.source, derived: f.derived, nulls: f.nulls })) }
      : {}),
  };
}
