import type { WorkProgress } from "~/domain/workflows/progress";
import { formatBytes } from "./format";

/** done/total of the running step; an indeterminate bar while the total is not known yet. */
export function ProgressBar({ step, done, total, unit }: WorkProgress) {
  const pct = total > 0 ? Math.min(100, Math.round((100 * done) / total)) : undefined;
  const fmt = (n: number) => (unit === "bytes" ? formatBytes(n) : n.toLocaleString("en-US"));
  return (
    <div className="run-progress">
      <div
        className={`progress${pct === undefined ? " indeterminate" : ""}`}
        role="progressbar"
        aria-label={`Progress of ${step}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
      >
        <span style={{ width: `${pct ?? 100}%` }} />
      </div>
      <span className="muted small-text">
        {step}
        {total > 0 ? ` · ${fmt(done)} / ${fmt(total)} ${unit === "rows" || unit === "months" ? unit : ""}` : ""}
      </span>
    </div>
  );
}
