import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { SourceError } from "../shared/errors";
import { createS3Client, normalizePrefix, type S3ExportsConfig } from "./config";
import { mapS3Error } from "./s3-errors";

export type S3ConnectionResult =
  | { ok: true; latencyMs: number; message: string; objectsUnderPrefix: boolean }
  | { ok: false; latencyMs: number; reason: string; errorName: string; retryable: boolean };

/** For the admin UI's "Test connection": lists one object under the prefix. Never throws. */
export async function testConnection(cfg: S3ExportsConfig, opts: { timeoutMs?: number } = {}): Promise<S3ConnectionResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const client = createS3Client({ ...cfg, maxAttempts: 1, connectTimeoutMs: cfg.connectTimeoutMs ?? 3_000 });
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: cfg.bucket, Prefix: normalizePrefix(cfg.prefix), MaxKeys: 1 }),
      { abortSignal: AbortSignal.timeout(opts.timeoutMs ?? 10_000) },
    );
    const any = (page.KeyCount ?? page.Contents?.length ?? 0) > 0;
    const where = `s3://${cfg.bucket}/${normalizePrefix(cfg.prefix)}`;
    return {
      ok: true,
      latencyMs: elapsed(),
      objectsUnderPrefix: any,
      message: any ? `Connected; ${where} has files.` : `Connected, but ${where} is empty so far.`,
    };
  } catch (err) {
    const mapped = err instanceof TypeError ? err : mapS3Error(err, cfg, "Connecting");
    const e = mapped as Error;
    const timedOut = e.name === "TimeoutError" || e.name === "AbortError";
    return {
      ok: false,
      latencyMs: elapsed(),
      reason: timedOut ? `No answer from ${cfg.endpoint ?? "S3"} within ${opts.timeoutMs ?? 10_000} ms.` : e.message,
      errorName: timedOut ? "EndpointUnreachableError" : e.name,
      retryable: mapped instanceof SourceError ? mapped.retryable : timedOut,
    };
  }
}
