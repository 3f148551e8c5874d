import { rm } from "node:fs/promises";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { abortableSleep } from "../shared/abortable-sleep";
import { backoffDelayMs, type BackoffOptions } from "../shared/backoff";
import { ReportFailedError, SourceDataError, SourceServerError, EndpointUnreachableError } from "../shared/errors";
import { streamToFile, type StoredFile } from "../shared/stream-to-file";
import { retryAfterMs } from "./retry-after";
import { describeError } from "./token-provider";
import { checkAzureUrl, UrlRefusedError } from "../shared/url-policy";
import { InvalidSourceRequestError } from "../shared/errors";

/**
 * Downloads one report blob from its SAS link (plain GET: the SAS is the credential, a bearer
 * token must not be sent) straight to disk. 5xx, network errors, broken streams and short
 * downloads are retried with bounded backoff; each retry restarts the blob.
 */
export async function downloadBlob(
  blobLink: string,
  filePath: string,
  opts: {
    backoff: BackoffOptions;
    expectedBytes?: number;
    signal?: AbortSignal;
    /** Bytes written so far for this blob (resets to 0 when a retry restarts it). */
    onBytes?: (blobBytesSoFar: number) => void;
  },
): Promise<StoredFile> {
  assertBlobLinkAllowed(blobLink);
  const where = safeBlobName(blobLink);
  for (let attempt = 1; ; attempt++) {
    let soFar = 0;
    opts.onBytes?.(0);
    let retryWait: number | undefined;
    let lastError: Error;
    try {
      const res = await fetch(blobLink, { signal: opts.signal, headers: { "accept-encoding": "identity" }, redirect: "manual" });
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel();
        throw new InvalidSourceRequestError(`The report blob ${where} answered with a redirect (HTTP ${res.status}); ABI does not follow it`, { status: res.status });
      }
      if (res.ok && res.body) {
        const stored = await streamToFile(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), filePath, {
          signal: opts.signal,
          onBytes: (n) => {
            soFar += n;
            opts.onBytes?.(soFar);
          },
        });
        if (opts.expectedBytes === undefined || stored.bytes === opts.expectedBytes) return stored;
        await rm(stored.path, { force: true });
        lastError = new SourceDataError(
          `Report blob ${where} has ${stored.bytes} bytes but the manifest promised ${opts.expectedBytes}`,
        );
      } else {
        const text = await res.text().catch(() => "");
        // Only a storage error code (a short word) is taken from the body, never free text.
        const code = /<Code>([A-Za-z0-9]{1,64})<\/Code>/.exec(text)?.[1] ?? `HTTP${res.status}`;
        if (res.status === 403 || res.status === 404 || res.status === 410) {
          throw new ReportFailedError(
            `The report blob ${where} could not be downloaded (HTTP ${res.status} ${code}); its link has expired or ` +
              `was revoked. Requesting the report again gives a fresh link.`,
            { code, status: res.status },
          );
        }
        lastError =
          res.status >= 500 || res.status === 429
            ? new SourceServerError(`Downloading report blob ${where} failed with HTTP ${res.status} ${code}`, {
                code,
                status: res.status,
              })
            : new ReportFailedError(`Downloading report blob ${where} failed with HTTP ${res.status} ${code}`, {
                code,
                status: res.status,
              });
        if (!(lastError instanceof SourceServerError)) throw lastError;
        retryWait = retryAfterMs(res.headers);
      }
    } catch (err) {
      if (opts.signal?.aborted || err instanceof ReportFailedError || err instanceof InvalidSourceRequestError) throw err;
      lastError = new EndpointUnreachableError(`Downloading report blob ${where} was interrupted: ${describeError(err)}`, {
        cause: err,
      });
    }
    if (attempt >= opts.backoff.maxAttempts) throw lastError;
    await abortableSleep(Math.max(retryWait ?? 0, backoffDelayMs(attempt, opts.backoff)), opts.signal);
  }
}

/** Blob links come from Azure's answer: only Azure blob hosts (and ABI_AZURE_HOSTS_EXTRA) are fetched. */
export function assertBlobLinkAllowed(blobLink: string): void {
  try {
    checkAzureUrl(blobLink, "blob");
  } catch (err) {
    if (err instanceof UrlRefusedError) throw new InvalidSourceRequestError(`Refusing to download the report: ${err.message}`);
    throw err;
  }
}

/** The blob URL without its SAS query (never log the signature). */
function safeBlobName(link: string): string {
  try {
    const u = new URL(link);
    return `${u.host}${u.pathname}`;
  } catch {
    return "(invalid link)";
  }
}
