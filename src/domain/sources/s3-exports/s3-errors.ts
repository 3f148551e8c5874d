import {
  BadCredentialsError,
  BucketNotFoundError,
  EndpointUnreachableError,
  InvalidSourceRequestError,
  SourceDataError,
  SourceError,
  SourceServerError,
} from "../shared/errors";
import { describeTarget, type S3ExportsConfig } from "./config";

const NETWORK_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "ECONNABORTED"]);

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: { code?: string };
}

/** Turns an AWS SDK / network error into one of our typed, person-readable source errors. */
export function mapS3Error(err: unknown, cfg: S3ExportsConfig, action: string): unknown {
  if (err instanceof SourceError) return err;
  const e = (err ?? {}) as SdkError;
  if (e.name === "AbortError") return err;
  const target = describeTarget(cfg);
  const status = e.$metadata?.httpStatusCode;
  // The error name comes from the response's <Code>: kept only when it is a short code word.
  const name = e.name && /^[\w.-]{1,64}$/.test(e.name) ? e.name : "Error";
  const opts = { code: name, status, cause: err };
  switch (name) {
    case "SignatureDoesNotMatch":
      return new BadCredentialsError(`${action} failed: the S3 secret key is wrong for access key ${cfg.accessKeyId} (${target}).`, opts);
    case "InvalidAccessKeyId":
      return new BadCredentialsError(`${action} failed: access key ${cfg.accessKeyId} is not known to the S3 server (${target}).`, opts);
    case "AccessDenied":
    case "InvalidToken":
    case "ExpiredToken":
      return new BadCredentialsError(`${action} failed: access denied for ${cfg.accessKeyId} on ${target} (${name}).`, opts);
    case "NoSuchBucket":
      return new BucketNotFoundError(`${action} failed: bucket "${cfg.bucket}" does not exist (${target}).`, opts);
    case "NoSuchKey":
      return new SourceDataError(`${action} failed: the object disappeared while reading (${target}).`, opts);
  }
  const netCode = e.code ?? e.cause?.code;
  if ((netCode && NETWORK_CODES.has(netCode)) || name === "TimeoutError" || name === "RequestTimeout") {
    return new EndpointUnreachableError(
      `${action} failed: cannot reach the S3 endpoint ${cfg.endpoint ?? "(AWS)"} (${netCode ?? name}).`,
      { ...opts, code: netCode ?? name },
    );
  }
  if (status !== undefined && status >= 400 && status < 500 && status !== 429) {
    return new InvalidSourceRequestError(`${action} failed on ${target}: HTTP ${status} ${name}`, opts);
  }
  // The server's message text is not echoed (it could be any page the endpoint serves).
  return new SourceServerError(`${action} failed on ${target}: ${status ? `HTTP ${status} ` : ""}${name}`, opts);
}
