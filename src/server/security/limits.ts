import "server-only";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "~/domain/runtime/env";
import { parseLimits, type LimitsConfig } from "~/domain/security/limits-config";
import { consume, createLimiter } from "~/domain/security/rate-limiter";
import { SignInThrottle } from "~/domain/security/sign-in-throttle";
import { ConcurrencyGate } from "~/domain/security/concurrency-gate";

type Limits = {
  cfg: LimitsConfig;
  signIn: SignInThrottle;
  apiUser: RateLimiterAbstract;
  apiAddress: RateLimiterAbstract;
  uploadsUser: RateLimiterAbstract;
  uploadsAddress: RateLimiterAbstract;
  exportsUser: RateLimiterAbstract;
  pdfGate: ConcurrencyGate;
};

let limits: Limits | undefined;

/** Built on first use from the environment (REDIS_URL: shared by every app process). */
export function securityLimits(): Limits {
  if (limits) return limits;
  const cfg = parseLimits();
  const redis = env().REDIS_URL;
  const perMinute = (name: string, points: number) => createLimiter({ name, points, durationSeconds: 60 }, redis);
  const perHour = (name: string, points: number) => createLimiter({ name, points, durationSeconds: 3600 }, redis);
  limits = {
    cfg,
    signIn: new SignInThrottle(cfg, redis),
    apiUser: perMinute("api-user", cfg.ABI_RATE_API_USER_PER_MINUTE),
    apiAddress: perMinute("api-ip", cfg.ABI_RATE_API_IP_PER_MINUTE),
    uploadsUser: perHour("uploads-user", cfg.ABI_RATE_UPLOADS_PER_HOUR),
    uploadsAddress: perHour("uploads-ip", cfg.ABI_RATE_UPLOADS_PER_HOUR),
    exportsUser: perMinute("exports-user", cfg.ABI_RATE_EXPORTS_PER_MINUTE),
    pdfGate: new ConcurrencyGate(cfg.ABI_PDF_CONCURRENCY, cfg.ABI_PDF_QUEUE),
  };
  return limits;
}

/** Tests change the limits through the environment and start over. */
export function resetSecurityLimits(): void {
  limits = undefined;
}

export const tooManyMessage = (retryAfterSeconds: number) => `Too many requests; try again in ${retryAfterSeconds} s`;

/**
 * Takes one point from each limiter for its key (user and/or address); the first refusal wins.
 * Answers the seconds to wait, or 0 when the request may go ahead.
 */
export async function rateLimited(checks: [RateLimiterAbstract, string | undefined][]): Promise<number> {
  for (const [limiter, key] of checks) {
    if (!key) continue;
    const r = await consume(limiter, key);
    if (!r.ok) return r.retryAfterSeconds;
  }
  return 0;
}
