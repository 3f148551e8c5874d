import { DEFAULT_BACKOFF, type BackoffOptions } from "../shared/backoff";
import { InvalidSourceRequestError } from "../shared/errors";
import { checkAzureUrl, UrlRefusedError, type AzureHostKind } from "../shared/url-policy";

export interface AzureCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export interface AzureCostDetailsConfig extends AzureCredentials {
  /** Entra ID authority host. Public cloud by default; tests point it at the stand-in. */
  authorityHost?: string;
  /** Azure Resource Manager endpoint. */
  resourceManagerEndpoint?: string;
  /** OAuth scope of the ARM token (stays the public-cloud audience even when the endpoint moves). */
  tokenScope?: string;
  apiVersion?: string;
  /** Bounded backoff for 5xx and network errors. */
  backoff?: Partial<BackoffOptions>;
  /** Total time the client waits out 429s for one request before giving up with ThrottledError. */
  maxThrottleWaitMs?: number;
  /** Poll interval when the service sends no Retry-After. */
  defaultPollIntervalMs?: number;
  /** Give up polling (ReportTimeoutError) after this long. */
  maxPollDurationMs?: number;
  /** Refresh the cached token this long before it expires. */
  tokenRefreshMarginMs?: number;
}

export interface ResolvedAzureConfig extends AzureCredentials {
  authorityHost: string;
  resourceManagerEndpoint: string;
  tokenScope: string;
  apiVersion: string;
  backoff: BackoffOptions;
  maxThrottleWaitMs: number;
  defaultPollIntervalMs: number;
  maxPollDurationMs: number;
  tokenRefreshMarginMs: number;
}

export const AZURE_PUBLIC_AUTHORITY = "https://login.microsoftonline.com";
export const AZURE_PUBLIC_ARM = "https://management.azure.com";
export const COST_DETAILS_API_VERSION = "2024-08-01";

const trimSlash = (s: string) => s.replace(/\/+$/, "");

/** Only Azure's hosts (and ABI_AZURE_HOSTS_EXTRA) receive the secret and the tokens. */
function allowedEndpoint(raw: string, kind: AzureHostKind): string {
  try {
    checkAzureUrl(raw, kind);
  } catch (err) {
    if (err instanceof UrlRefusedError) throw new InvalidSourceRequestError(err.message);
    throw err;
  }
  return trimSlash(raw);
}

export function resolveAzureConfig(c: AzureCostDetailsConfig): ResolvedAzureConfig {
  for (const key of ["tenantId", "clientId", "clientSecret"] as const) {
    if (!c[key] || !c[key].trim()) throw new TypeError(`Azure Cost Details: ${key} is required`);
  }
  return {
    tenantId: c.tenantId.trim(),
    clientId: c.clientId.trim(),
    clientSecret: c.clientSecret,
    authorityHost: allowedEndpoint(c.authorityHost ?? AZURE_PUBLIC_AUTHORITY, "authority"),
    resourceManagerEndpoint: allowedEndpoint(c.resourceManagerEndpoint ?? AZURE_PUBLIC_ARM, "arm"),
    tokenScope: c.tokenScope ?? `${AZURE_PUBLIC_ARM}/.default`,
    apiVersion: c.apiVersion ?? COST_DETAILS_API_VERSION,
    backoff: { ...DEFAULT_BACKOFF, ...c.backoff },
    maxThrottleWaitMs: c.maxThrottleWaitMs ?? 15 * 60_000,
    defaultPollIntervalMs: c.defaultPollIntervalMs ?? 30_000,
    maxPollDurationMs: c.maxPollDurationMs ?? 60 * 60_000,
    tokenRefreshMarginMs: c.tokenRefreshMarginMs ?? 5 * 60_000,
  };
}
