/** Display helpers for the runs console. Money stays a decimal string: no floats. */

const SCALE = 10;

function toScaled(s: string): bigint {
  const neg = s.trim().startsWith("-");
  const [int = "0", frac = ""] = s.trim().replace(/^[-+]/, "").split(".");
  const v = BigInt(int || "0") * 10n ** BigInt(SCALE) + BigInt((frac + "0".repeat(SCALE)).slice(0, SCALE) || "0");
  return neg ? -v : v;
}

function fromScaled(v: bigint): string {
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const int = abs / 10n ** BigInt(SCALE);
  const frac = (abs % 10n ** BigInt(SCALE)).toString().padStart(SCALE, "0");
  return `${neg ? "-" : ""}${int}.${frac}`;
}

/** "12345.678" → "12,345.68" (half away from zero), from the string. */
export function formatDecimal(s: string, dp = 2): string {
  let v = toScaled(s);
  const step = 10n ** BigInt(SCALE - dp);
  const neg = v < 0n;
  if (neg) v = -v;
  v = ((v + step / 2n) / step) * step;
  const [int, frac] = fromScaled(v).split(".") as [string, string];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg && v !== 0n ? "-" : ""}${grouped}${dp > 0 ? `.${frac.slice(0, dp)}` : ""}`;
}

export function decimalDiff(after: string, before: string): string {
  return fromScaled(toScaled(after) - toScaled(before));
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "";
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function secondsBetween(start?: string, end?: string): number | null {
  return start && end ? (Date.parse(end) - Date.parse(start)) / 1000 : null;
}

export function formatWhen(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : "";
}

export function previousMonth(now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

export const runHref = (r: { workflowId: string; runId: string }) => `/ingestion/${encodeURIComponent(r.workflowId)}/${encodeURIComponent(r.runId)}`;

/** Runs made outside Temporal (src/domain/ingestion/direct-runs.ts): no cancel or retry from the console. */
const DIRECT_RUNS: Record<string, string> = { "cli-ingest": "abi ingest", seed: "abi seed" };
export const isDirectRun = (r: { workflowId: string }) => r.workflowId in DIRECT_RUNS;

/** Who made a run: "abi ingest", "abi seed", "upload", or the Temporal workflow type. */
export function runOrigin(r: { workflowId: string; type: string }): string {
  return DIRECT_RUNS[r.workflowId] ?? (r.type === "ingestUpload" ? "upload" : r.workflowId.startsWith("ingest-") ? "source run" : r.type);
}

/** The month column: the billing month, or what was loaded when the run spans several. */
export const runMonthLabel = (r: { month: string | null; workflowId: string }) => r.month ?? (r.workflowId === "cli-ingest" ? "files" : "upload");
