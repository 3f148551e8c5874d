import { createHash } from "node:crypto";
import { processSingleton } from "../../runtime/singleton";
import { abortableSleep } from "../shared/abortable-sleep";
import { backoffDelayMs } from "../shared/backoff";
import {
  BadCredentialsError,
  EndpointUnreachableError,
  InvalidSourceRequestError,
  SourceServerError,
} from "../shared/errors";
import type { ResolvedAzureConfig } from "./config";
import { retryAfterMs } from "./retry-after";

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

/** Tokens shared by every client in the process (activities build a client per call). */
const tokenCache = () => processSingleton("azure-token-cache", () => new Map<string, CachedToken>());

// Entra error codes that mean the tenant, app or secret is wrong, whatever the HTTP status.
const CREDENTIAL_ERRORS = new Set(["invalid_client", "unauthorized_client", "invalid_grant"]);
const CREDENTIAL_AADSTS = /AADSTS(7000215|7000222|700016|90002|900023|90033|50034|50126|7000112)\b/;

/** Entra ID client-credentials tokens, cached until shortly before they expire. */
export class EntraTokenProvider {
  private readonly key: string;
  private inflight: Promise<CachedToken> | undefined;
  /** Number of token requests this provider sent (for diagnostics). */
  requests = 0;

  constructor(private readonly cfg: ResolvedAzureConfig) {
    const secretHash = createHash("sha256").update(cfg.clientSecret).digest("hex").slice(0, 16);
    this.key = [cfg.authorityHost, cfg.tenantId, cfg.clientId, cfg.tokenScope, secretHash].join("|");
  }

  async getToken(signal?: AbortSignal): Promise<string> {
    const cached = tokenCache().get(this.key);
    if (cached && cached.expiresAt - this.cfg.tokenRefreshMarginMs > Date.now()) return cached.accessToken;
    this.inflight ??= this.fetchToken(signal).finally(() => {
      this.inflight = undefined;
    });
    return (await this.inflight).accessToken;
  }

  /** Forget the cached token (after ARM rejected it). */
  invalidate(): void {
    tokenCache().delete(this.key);
  }

  private async fetchToken(signal?: AbortSignal): Promise<CachedToken> {
    const url = `${this.cfg.authorityHost}/${encodeURIComponent(this.cfg.tenantId)}/oauth2/v2.0/token`;
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: this.cfg.clientId,
      client_secret: this.cfg.clientSecret,
      scope: this.cfg.tokenScope,
    });
    const { backoff } = this.cfg;
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        this.requests++;
        res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
          body,
          signal,
          // The secret is in the body: a redirect (307/308 would resend it) is never followed.
          redirect: "manual",
        });
      } catch (err) {
        if (signal?.aborted) throw err;
        if (attempt >= backoff.maxAttempts) {
          throw new EndpointUnreachableError(`Cannot reach Entra ID at ${this.cfg.authorityHost}: ${describeError(err)}`, {
            cause: err,
          });
        }
        await abortableSleep(backoffDelayMs(attempt, backoff), signal);
        continue;
      }
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel();
        throw new InvalidSourceRequestError(`Entra ID answered with a redirect (HTTP ${res.status}); ABI does not follow it`, { status: res.status });
      }
      const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      if (res.ok && typeof json.access_token === "string") {
        const expiresIn = Number(json.expires_in ?? 3599);
        const token = { accessToken: json.access_token, expiresAt: Date.now() + expiresIn * 1000 };
        tokenCache().set(this.key, token);
        return token;
      }
      const error = typeof json.error === "string" && /^[\w.-]{1,64}$/.test(json.error) ? json.error : "";
      const description = (typeof json.error_description === "string" ? json.error_description : res.statusText || "no error details").split("\r\n")[0]!.slice(0, 300);
      const aadsts = /AADSTS\d+/.exec(description)?.[0];
      if (res.status === 401 || res.status === 403 || CREDENTIAL_ERRORS.has(error) || CREDENTIAL_AADSTS.test(description)) {
        throw new BadCredentialsError(
          `Entra ID rejected the service principal (tenant ${this.cfg.tenantId}, client ${this.cfg.clientId}): ${description}`,
          { code: aadsts ?? error, status: res.status },
        );
      }
      if ((res.status === 429 || res.status >= 500) && attempt < backoff.maxAttempts) {
        await abortableSleep(Math.max(retryAfterMs(res.headers) ?? 0, backoffDelayMs(attempt, backoff)), signal);
        continue;
      }
      if (res.status >= 500 || res.status === 429) {
        throw new SourceServerError(`Entra ID token endpoint failed with HTTP ${res.status}: ${description}`, {
          status: res.status,
          code: aadsts ?? error,
        });
      }
      throw new InvalidSourceRequestError(`Entra ID refused the token request (HTTP ${res.status}): ${description}`, {
        status: res.status,
        code: aadsts ?? error,
      });
    }
  }
}

export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ? `${err.message} (${cause.code})` : cause?.message ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}
