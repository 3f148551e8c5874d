import { abortableSleep } from "../shared/abortable-sleep";
import { backoffDelayMs } from "../shared/backoff";
import {
  BadCredentialsError,
  EndpointUnreachableError,
  InvalidSourceRequestError,
  SourceServerError,
  ThrottledError,
} from "../shared/errors";
import type { ResolvedAzureConfig } from "./config";
import { retryAfterMs } from "./retry-after";
import { describeError, type EntraTokenProvider } from "./token-provider";

export interface ArmResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface ArmRequestOptions {
  method: "GET" | "POST";
  url: string;
  json?: unknown;
  signal?: AbortSignal;
  /** Called before each wait for a 429, with the wait in ms (for progress/logging). */
  onThrottle?: (waitMs: number) => void;
}

/**
 * One ARM call with Azure's rules applied: bearer token, 429 waited out for the largest
 * retry-after header (within the throttle budget), 5xx and network errors retried with bounded
 * exponential backoff, 401 retried once with a fresh token, then typed errors.
 */
export async function armRequest(
  cfg: ResolvedAzureConfig,
  tokens: EntraTokenProvider,
  opts: ArmRequestOptions,
): Promise<ArmResponse> {
  const { backoff } = cfg;
  let failures = 0;
  let throttledMs = 0;
  let refreshedToken = false;
  for (;;) {
    const token = await tokens.getToken(opts.signal);
    let res: Response;
    try {
      res = await fetch(opts.url, {
        method: opts.method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: "application/json",
          ...(opts.json === undefined ? {} : { "content-type": "application/json" }),
        },
        body: opts.json === undefined ? undefined : JSON.stringify(opts.json),
        signal: opts.signal,
        // A redirect could carry the bearer token elsewhere: never followed.
        redirect: "manual",
      });
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      failures++;
      if (failures >= backoff.maxAttempts) {
        throw new EndpointUnreachableError(
          `Cannot reach Azure Resource Manager at ${new URL(opts.url).origin} after ${failures} attempts: ${describeError(err)}`,
          { cause: err },
        );
      }
      await abortableSleep(backoffDelayMs(failures, backoff), opts.signal);
      continue;
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      throw new InvalidSourceRequestError(`Azure Resource Manager answered with a redirect (HTTP ${res.status}); ABI does not follow it`, { status: res.status });
    }
    const text = await res.text();
    const body = parseJson(text);
    if (res.status < 400) return { status: res.status, headers: res.headers, body };

    const { code, message } = armError(body, res);
    if (res.status === 429) {
      const wait = retryAfterMs(res.headers) ?? backoffDelayMs(failures + 1, backoff);
      if (throttledMs + wait > cfg.maxThrottleWaitMs) {
        throw new ThrottledError(
          `Azure Cost Management kept throttling (${Math.round(throttledMs / 1000)} s waited so far, asked for ${Math.round(wait / 1000)} s more): ${message}`,
          wait,
          { code, status: 429 },
        );
      }
      throttledMs += wait;
      opts.onThrottle?.(wait);
      await abortableSleep(wait, opts.signal);
      continue;
    }
    if (res.status >= 500) {
      failures++;
      if (failures >= backoff.maxAttempts) {
        throw new SourceServerError(
          `Azure Cost Management failed with HTTP ${res.status} ${failures} times in a row: ${message}`,
          { code, status: res.status },
        );
      }
      await abortableSleep(Math.max(retryAfterMs(res.headers) ?? 0, backoffDelayMs(failures, backoff)), opts.signal);
      continue;
    }
    if (res.status === 401 && !refreshedToken) {
      // The cached token may have been revoked or expired early: try once with a fresh one.
      refreshedToken = true;
      tokens.invalidate();
      continue;
    }
    if (res.status === 401 || res.status === 403) {
      throw new BadCredentialsError(
        res.status === 403
          ? `The service principal ${cfg.clientId} has no access to this billing scope (${code}): ${message}. ` +
              `Grant it EnrollmentReader/DepartmentReader (EA) or Billing profile reader (MCA).`
          : `Azure rejected the access token (${code}): ${message}`,
        { code, status: res.status },
      );
    }
    throw new InvalidSourceRequestError(`Azure Cost Management refused the request (HTTP ${res.status} ${code}): ${message}`, {
      code,
      status: res.status,
    });
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function armError(body: unknown, res: Response): { code: string; message: string } {
  const err = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return {
    // Azure's own error object is shown (shortened); any other body (HTML, text) is not echoed.
    code: typeof err?.code === "string" && /^[\w.-]{1,64}$/.test(err.code) ? err.code : `HTTP${res.status}`,
    message: typeof err?.message === "string" ? err.message.slice(0, 300) : res.statusText || "no error details",
  };
}
