/**
 * Errors raised by the data-source clients. Each has a stable `name` (Temporal uses it as the
 * failure type, so retry policies can list the non-retryable ones) and a `retryable` flag.
 */
export abstract class SourceError extends Error {
  abstract readonly retryable: boolean;
  /** Provider error code when there was one (e.g. "InvalidAccessKeyId", "AADSTS7000215"). */
  readonly code: string | undefined;
  readonly status: number | undefined;

  constructor(message: string, opts: { code?: string; status?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = opts.code;
    this.status = opts.status;
  }
}

/** Wrong tenant/client id/secret, wrong access key/secret, or the principal lacks access. */
export class BadCredentialsError extends SourceError {
  override readonly name = "BadCredentialsError";
  readonly retryable = false;
}

/** The request itself is wrong (bad scope, month out of range, invalid body): retrying cannot help. */
export class InvalidSourceRequestError extends SourceError {
  override readonly name = "InvalidSourceRequestError";
  readonly retryable = false;
}

/** The bucket (or container) does not exist. */
export class BucketNotFoundError extends SourceError {
  override readonly name = "BucketNotFoundError";
  readonly retryable = false;
}

/** Still throttled after the client's own throttle budget was spent; retry later. */
export class ThrottledError extends SourceError {
  override readonly name = "ThrottledError";
  readonly retryable = true;
  constructor(
    message: string,
    readonly retryAfterMs: number,
    opts: { code?: string; status?: number; cause?: unknown } = {},
  ) {
    super(message, opts);
  }
}

/** 5xx responses that outlasted the bounded backoff. */
export class SourceServerError extends SourceError {
  override readonly name = "SourceServerError";
  readonly retryable = true;
}

/** Connection refused, DNS failure, timeout: the endpoint could not be reached. */
export class EndpointUnreachableError extends SourceError {
  override readonly name = "EndpointUnreachableError";
  readonly retryable = true;
}

/** The provider reported that generating the report failed (Cost Details status "Failed"). */
export class ReportFailedError extends SourceError {
  override readonly name = "ReportFailedError";
  readonly retryable = true;
}

/** The report was still running when the client's polling deadline passed. */
export class ReportTimeoutError extends SourceError {
  override readonly name = "ReportTimeoutError";
  readonly retryable = true;
}

/** A downloaded file does not match what the manifest promised (size), or a listed part is missing. */
export class SourceDataError extends SourceError {
  override readonly name = "SourceDataError";
  readonly retryable = true;
}

/** Error types a Temporal RetryPolicy should list in `nonRetryableErrorTypes`. */
export const NON_RETRYABLE_SOURCE_ERRORS = [
  "BadCredentialsError",
  "InvalidSourceRequestError",
  "BucketNotFoundError",
] as const;
