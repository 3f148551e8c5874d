import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { resetEnvCache } from "~/domain/runtime/env";
import { openRuntime, type Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import { signInWithPassword } from "~/domain/auth/sign-in";
import { users } from "~/domain/db/schema";
import { parseLimits } from "~/domain/security/limits-config";
import { SignInRefused, SignInThrottle } from "~/domain/security/sign-in-throttle";

const PASSWORD = "the-right-password";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What one attempt answered: signed in, wrong (null), or refused with a reason. */
async function attempt(db: Runtime["db"], throttle: SignInThrottle, email: string, password: string, address: string) {
  try {
    return (await signInWithPassword(db, throttle, { email, password, address })) ? "signed-in" : "wrong";
  } catch (e) {
    if (e instanceof SignInRefused) return e;
    throw e;
  }
}

/**
 * Sign-in throttling against real PGlite, with the limiter store given by `redisUrl()` (in
 * process when it answers undefined, a real Redis server otherwise).
 */
export function signInSuite(name: string, redisUrl: () => string | undefined) {
  describe(`sign-in throttling (${name})`, () => {
    let rt: Runtime;
    // each test its own addresses and accounts: the counters live as long as the store
    const throttle = (overrides: Record<string, string> = {}) => new SignInThrottle(parseLimits(overrides), redisUrl());

    beforeAll(async () => {
      process.env.ABI_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), `abi-signin-${name}-`));
      delete process.env.DATABASE_URL;
      delete process.env.CLICKHOUSE_URL;
      resetEnvCache();
      rt = await openRuntime({ migrate: true });
      for (const who of ["ana", "bo", "cy", "dee"]) await createUser(rt.db, { email: `${who}@example.com`, password: PASSWORD, role: "viewer" });
    });
    afterAll(async () => {
      await rt?.close();
    });

    it("refuses the right password after 30 wrong ones, saying the account is locked and until when", async () => {
      const t = throttle();
      const answers = [];
      for (let i = 0; i < 30; i++) answers.push(await attempt(rt.db, t, "ana@example.com", `wrong-${i}`, "10.0.0.1"));
      // defaults: the 5th consecutive failure locks the account for 60 s
      expect(answers.slice(0, 4)).toEqual(["wrong", "wrong", "wrong", "wrong"]);
      expect(answers.slice(4).every((a) => a instanceof SignInRefused && a.reason === "account_locked")).toBe(true);
      const right = await attempt(rt.db, t, "ana@example.com", PASSWORD, "10.0.0.1");
      expect(right).toBeInstanceOf(SignInRefused);
      const refused = right as SignInRefused;
      expect(refused.reason).toBe("account_locked");
      expect(refused.message).toMatch(/^This account is temporarily locked after too many failed sign-ins; try again in \d+ s \(at \d\d:\d\d:\d\d UTC\)\.$/);
      expect(refused.retryAfterSeconds).toBeGreaterThan(50);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
      // audited with the address: 5 wrong passwords checked, 26 attempts refused unchecked
      const rows = await rt.db.execute(sql`select action, count(*)::int as n from audit_log
        where target = 'ana@example.com' and ip = '10.0.0.1' group by action order by action`);
      expect((rows as unknown as { rows: unknown[] }).rows).toEqual([
        { action: "auth.sign_in_failed", n: 5 },
        { action: "auth.sign_in_refused", n: 26 },
      ]);
    });

    it("signs in once the lockout has passed; each further lockout is twice as long; success resets", async () => {
      const t = throttle({ ABI_SIGNIN_LOCKOUT_SECONDS: "1", ABI_SIGNIN_LOCKOUT_MAX_SECONDS: "8" });
      const fiveWrong = async () => {
        let last;
        for (let i = 0; i < 5; i++) last = await attempt(rt.db, t, "bo@example.com", "nope", "10.0.0.2");
        return last as SignInRefused;
      };
      expect((await fiveWrong()).retryAfterSeconds).toBe(1);
      expect(await attempt(rt.db, t, "bo@example.com", PASSWORD, "10.0.0.2")).toMatchObject({ reason: "account_locked" });
      await sleep(1_200);
      expect((await fiveWrong()).retryAfterSeconds).toBe(2);
      await sleep(2_200);
      expect(await attempt(rt.db, t, "bo@example.com", PASSWORD, "10.0.0.2")).toBe("signed-in");
      expect((await fiveWrong()).retryAfterSeconds).toBe(1);
    });

    it("throttles an address that fails 30 times across many accounts, not other addresses", async () => {
      const t = throttle({ ABI_SIGNIN_IP_MAX_FAILURES: "30" });
      // 10 accounts × 3 failures: no account reaches its own limit of 5
      for (let i = 0; i < 10; i++) {
        for (let j = 0; j < 3; j++) expect(await attempt(rt.db, t, `guess-${i}@example.com`, "x", "10.0.0.3")).toBe("wrong");
      }
      const refused = await attempt(rt.db, t, "cy@example.com", PASSWORD, "10.0.0.3");
      expect(refused).toMatchObject({ reason: "address_throttled" });
      expect((refused as SignInRefused).message).toMatch(/^Too many failed sign-ins from your address; try again in \d+ s/);
      expect(await attempt(rt.db, t, "cy@example.com", PASSWORD, "10.0.0.4")).toBe("signed-in");
    });

    it("answers unknown, disabled and known accounts in the same time (median of 15 tries each)", async () => {
      const t = throttle({ ABI_SIGNIN_MAX_FAILURES: "1000", ABI_SIGNIN_IP_MAX_FAILURES: "1000" });
      await rt.db.update(users).set({ disabled: true }).where(eq(users.email, "dee@example.com"));
      const times: Record<string, number[]> = { known: [], unknown: [], disabled: [] };
      const emails = { known: "cy@example.com", unknown: "nobody-here@example.com", disabled: "dee@example.com" };
      for (let i = 0; i < 15; i++) {
        // interleaved, so load on the machine hits all three alike
        for (const kind of ["known", "unknown", "disabled"] as const) {
          const start = performance.now();
          expect(await attempt(rt.db, t, emails[kind], "wrong-password", "10.0.0.5")).toBe("wrong");
          times[kind]!.push(performance.now() - start);
        }
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const known = median(times.known!);
      // a bcrypt compare at cost 11 takes tens of milliseconds; skipping it takes about one
      expect(known).toBeGreaterThan(20);
      // A skipped compare answers in about 1% of the time; a ratio band stays robust when the
      // machine is loaded (tries are interleaved, so load slows all three kinds alike).
      for (const kind of ["unknown", "disabled"] as const) {
        const ratio = median(times[kind]!) / known;
        expect(ratio, `${kind} / known median`).toBeGreaterThan(0.6);
        expect(ratio, `${kind} / known median`).toBeLessThan(1.67);
      }
    });
  });
}
