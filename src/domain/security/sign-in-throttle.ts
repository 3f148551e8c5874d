import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { blockedFor, createLimiter } from "./rate-limiter";
import type { LimitsConfig } from "./limits-config";

const DAY = 24 * 60 * 60;

export class SignInRefused extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    readonly reason: "account_locked" | "address_throttled",
  ) {
    super(message);
    this.name = "SignInRefused";
  }
}

const retryText = (seconds: number) => {
  const at = new Date(Date.now() + seconds * 1000).toISOString().slice(11, 19);
  return `try again in ${seconds} s (at ${at} UTC)`;
};

/**
 * Failed sign-ins per account (consecutive, reset on success; each lockout doubles the previous
 * one up to a maximum) and per client address (a window). Accounts are keyed by the e-mail typed,
 * whether or not it exists, so a lockout tells nothing about which accounts exist.
 */
export class SignInThrottle {
  private readonly failures: RateLimiterAbstract;
  private readonly lockouts: RateLimiterAbstract;
  private readonly locked: RateLimiterAbstract;
  private readonly byAddress: RateLimiterAbstract;

  constructor(
    private readonly cfg: LimitsConfig,
    redisUrl?: string,
  ) {
    this.failures = createLimiter({ name: "signin-fail", points: cfg.ABI_SIGNIN_MAX_FAILURES, durationSeconds: DAY }, redisUrl);
    this.lockouts = createLimiter({ name: "signin-lockouts", points: 1_000_000, durationSeconds: DAY }, redisUrl);
    this.locked = createLimiter({ name: "signin-locked", points: 1, durationSeconds: 1 }, redisUrl);
    this.byAddress = createLimiter({ name: "signin-ip", points: cfg.ABI_SIGNIN_IP_MAX_FAILURES, durationSeconds: cfg.ABI_SIGNIN_IP_WINDOW_SECONDS }, redisUrl);
  }

  /** Throws SignInRefused when the account is locked or the address has failed too often. */
  async check(email: string, address: string): Promise<void> {
    const lockedFor = await blockedFor(this.locked, email);
    if (lockedFor) throw this.lockedError(lockedFor);
    const addressFor = await blockedFor(this.byAddress, address);
    if (addressFor) {
      throw new SignInRefused(`Too many failed sign-ins from your address; ${retryText(addressFor)}.`, addressFor, "address_throttled");
    }
  }

  /** Counts a failure; throws SignInRefused when this failure locked the account. */
  async recordFailure(email: string, address: string): Promise<void> {
    await this.byAddress.penalty(address, 1);
    const fails = await this.failures.penalty(email, 1);
    if (fails.consumedPoints < this.cfg.ABI_SIGNIN_MAX_FAILURES) return;
    const n = (await this.lockouts.penalty(email, 1)).consumedPoints;
    const seconds = Math.min(this.cfg.ABI_SIGNIN_LOCKOUT_SECONDS * 2 ** Math.min(n - 1, 30), this.cfg.ABI_SIGNIN_LOCKOUT_MAX_SECONDS);
    await this.locked.block(email, seconds);
    await this.failures.delete(email);
    throw this.lockedError(seconds);
  }

  async recordSuccess(email: string): Promise<void> {
    await Promise.all([this.failures.delete(email), this.lockouts.delete(email)]);
  }

  private lockedError(seconds: number) {
    return new SignInRefused(`This account is temporarily locked after too many failed sign-ins; ${retryText(seconds)}.`, seconds, "account_locked");
  }
}
