import { rm } from "node:fs/promises";
import path from "node:path";
import { abortableSleep } from "../shared/abortable-sleep";
import { InvalidSourceRequestError, ReportFailedError, ReportTimeoutError } from "../shared/errors";
import { armRequest, type ArmResponse } from "./arm-request";
import { costDetailsPeriod } from "./billing-month";
import type { ResolvedAzureConfig } from "./config";
import { assertBlobLinkAllowed, downloadBlob } from "./download-blob";
import { scopePath } from "./scopes";
import type { EntraTokenProvider } from "./token-provider";
import type {
  CostDetailsFile,
  CostDetailsOperationResult,
  CostDetailsProgress,
  CostDetailsReport,
  CostDetailsRequest,
  CostMetric,
} from "./types";
import { retryAfterMs } from "./retry-after";

/**
 * generateCostDetailsReport for one billing month: POST, poll the Location URL until the
 * operation finishes, then stream every blob of the manifest to `outDir`.
 */
export async function runCostDetailsReport(
  cfg: ResolvedAzureConfig,
  tokens: EntraTokenProvider,
  req: CostDetailsRequest,
): Promise<CostDetailsReport> {
  const metric: CostMetric = req.metric ?? "ActualCost";
  if (metric !== "ActualCost" && metric !== "AmortizedCost") {
    throw new InvalidSourceRequestError(`Metric must be ActualCost or AmortizedCost, not "${String(metric)}"`);
  }
  const period = costDetailsPeriod(req.month, req.now);
  const scope = scopePath(req.scope);
  const base: Omit<CostDetailsReport, "status" | "files" | "totalBytes"> = {
    scope,
    month: period.month,
    metric,
    timePeriod: { start: period.start, end: period.end },
  };
  const progress: CostDetailsProgress = { phase: "requesting", bytesDone: 0, blobsDone: 0 };
  const emit = (p: Partial<CostDetailsProgress>) => {
    Object.assign(progress, p);
    req.onProgress?.({ ...progress });
  };
  const onThrottle = (waitMs: number) => emit({ phase: "throttled", waitMs });
  emit({});

  const post = await armRequest(cfg, tokens, {
    method: "POST",
    url: `${cfg.resourceManagerEndpoint}/${scope}/providers/Microsoft.CostManagement/generateCostDetailsReport?api-version=${cfg.apiVersion}`,
    json: { metric, timePeriod: { start: period.start, end: period.end } },
    signal: req.signal,
    onThrottle,
  });
  if (post.status === 204) return empty(base, emit);

  const result = post.status === 202 ? await poll(cfg, tokens, post, req.signal, emit, onThrottle) : operationBody(post);
  if (result.status === "NoDataFound") return empty(base, emit, operationIdOf(result));
  if (result.status === "Failed") {
    throw new ReportFailedError(
      `Azure could not generate the cost details report for ${scope} ${period.month}: ` +
        `${result.error?.message ?? "no reason given"}`,
      { code: result.error?.code },
    );
  }
  if (result.status !== "Completed") {
    throw new ReportFailedError(`Cost details operation ended with unknown status "${String(result.status)}"`);
  }
  const blobs = result.manifest?.blobs ?? [];
  if (blobs.length === 0) return empty(base, emit, operationIdOf(result));

  // Every link is checked before the first download: no request goes to a host outside the policy.
  for (const blob of blobs) assertBlobLinkAllowed(blob.blobLink);
  const compressed = result.manifest?.compressData === true;
  const bytesTotal = result.manifest?.byteCount ?? sumKnown(blobs.map((b) => b.byteCount));
  emit({ phase: "downloading", bytesTotal, blobsTotal: blobs.length, waitMs: undefined });
  const files: CostDetailsFile[] = [];
  let doneBefore = 0;
  try {
    for (const [i, blob] of blobs.entries()) {
      const name = `part-${String(i + 1).padStart(4, "0")}.csv${compressed ? ".gz" : ""}`;
      const stored = await downloadBlob(blob.blobLink, path.join(req.outDir, name), {
        backoff: cfg.backoff,
        expectedBytes: blob.byteCount,
        signal: req.signal,
        onBytes: (soFar) => emit({ bytesDone: doneBefore + soFar }),
      });
      doneBefore += stored.bytes;
      files.push({ ...stored, compressed, blobIndex: i });
      emit({ bytesDone: doneBefore, blobsDone: i + 1 });
    }
  } catch (err) {
    // Half a report must not look like a whole one to whoever reads outDir.
    await Promise.all(files.map((f) => rm(f.path, { force: true })));
    throw err;
  }
  emit({ phase: "done" });
  return {
    ...base,
    status: "Completed",
    operationId: operationIdOf(result),
    files,
    totalBytes: doneBefore,
    manifest: result.manifest,
    validTill: result.validTill,
  };
}

async function poll(
  cfg: ResolvedAzureConfig,
  tokens: EntraTokenProvider,
  accepted: ArmResponse,
  signal: AbortSignal | undefined,
  emit: (p: Partial<CostDetailsProgress>) => void,
  onThrottle: (waitMs: number) => void,
): Promise<CostDetailsOperationResult> {
  const deadline = Date.now() + cfg.maxPollDurationMs;
  let response = accepted;
  let location = pollUrl(cfg, accepted.headers.get("location"));
  for (;;) {
    const wait = retryAfterMs(response.headers) ?? cfg.defaultPollIntervalMs;
    if (Date.now() + wait > deadline) {
      throw new ReportTimeoutError(
        `The cost details report was still being generated after ${Math.round(cfg.maxPollDurationMs / 60_000)} min`,
      );
    }
    emit({ phase: "waiting", waitMs: wait });
    await abortableSleep(wait, signal);
    response = await armRequest(cfg, tokens, { method: "GET", url: location, signal, onThrottle });
    if (response.status !== 202) return operationBody(response);
    const next = response.headers.get("location");
    if (next) location = pollUrl(cfg, next);
  }
}

/** Poll the Location URL verbatim, but only on the ARM host: it receives our bearer token. */
function pollUrl(cfg: ResolvedAzureConfig, location: string | null): string {
  if (!location) throw new ReportFailedError("Azure accepted the report request but sent no Location header to poll");
  const url = new URL(location, cfg.resourceManagerEndpoint);
  if (url.origin !== new URL(cfg.resourceManagerEndpoint).origin) {
    throw new ReportFailedError(`Refusing to poll ${url.origin}: it is not the Resource Manager endpoint`);
  }
  return url.toString();
}

function operationBody(res: ArmResponse): CostDetailsOperationResult {
  if (typeof res.body !== "object" || res.body === null) {
    throw new ReportFailedError(`Cost details operation returned HTTP ${res.status} without a JSON body`);
  }
  return res.body as CostDetailsOperationResult;
}

function operationIdOf(result: CostDetailsOperationResult): string | undefined {
  return result.name ?? result.id?.split("/").pop();
}

function sumKnown(values: (number | undefined)[]): number | undefined {
  return values.every((v) => typeof v === "number") ? values.reduce<number>((a, b) => a + (b ?? 0), 0) : undefined;
}

function empty(
  base: Omit<CostDetailsReport, "status" | "files" | "totalBytes">,
  emit: (p: Partial<CostDetailsProgress>) => void,
  operationId?: string,
): CostDetailsReport {
  emit({ phase: "done", bytesTotal: 0, blobsTotal: 0 });
  return { ...base, status: "NoDataFound", operationId, files: [], totalBytes: 0 };
}
