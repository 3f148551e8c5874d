import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "redis";
import { freePort } from "~/domain/runtime/free-port";
import { parseLimits } from "~/domain/security/limits-config";
import { closeLimiterConnections } from "~/domain/security/rate-limiter";
import { SignInRefused, SignInThrottle } from "~/domain/security/sign-in-throttle";
import { startRedis } from "../support/redis-server";
import { signInSuite } from "./sign-in-suite";

let redis: { url: string; stop: () => void } | undefined;

beforeAll(async () => {
  redis = await startRedis(Number(process.env.ABI_TEST_REDIS_PORT) || (await freePort()));
});
afterAll(async () => {
  await closeLimiterConnections();
  redis?.stop();
});

signInSuite("Redis", () => redis!.url);

describe("sign-in throttling shared through Redis", () => {
  it("keeps its counters in Redis, so another app process sees the lockout", async () => {
    const cfg = parseLimits({});
    const first = new SignInThrottle(cfg, redis!.url);
    for (let i = 0; i < 4; i++) await first.recordFailure("shared@example.com", "10.9.0.1");
    await expect(first.recordFailure("shared@example.com", "10.9.0.1")).rejects.toBeInstanceOf(SignInRefused);
    const second = new SignInThrottle(cfg, redis!.url);
    await expect(second.check("shared@example.com", "10.9.0.2")).rejects.toMatchObject({ reason: "account_locked" });
    const client = createClient({ url: redis!.url });
    await client.connect();
    expect(await client.keys("abi:rl:signin-locked*")).toContain("abi:rl:signin-locked:shared@example.com");
    await client.quit();
  });
});
