import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import { onPdfBrowsers } from "~/domain/analytics/export/pdf";
import { appRouter } from "~/server/api/root";
import { createCallerFactory } from "~/server/api/trpc";
import { resetSecurityLimits } from "~/server/security/limits";
import { startSlowPageServer } from "../support/slow-page-server";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";

let rt: Runtime;
const people: Record<string, { id: string; email: string }> = {};

beforeAll(async () => {
  rt = await freshEmbeddedRuntime("rate");
  for (const who of ["vi", "wu", "xo"]) people[who] = await createUser(rt.db, { email: `${who}@example.com`, password: "a-long-password", role: "viewer" });
});
afterAll(async () => {
  await rt?.close();
});

const limitVars = ["ABI_RATE_API_USER_PER_MINUTE", "ABI_RATE_API_IP_PER_MINUTE", "ABI_RATE_EXPORTS_PER_MINUTE", "ABI_PDF_CONCURRENCY", "ABI_PDF_QUEUE"];
beforeEach(() => {
  for (const v of limitVars) delete process.env[v];
  resetSecurityLimits();
});

function caller(who: string, address?: string) {
  const headers = new Headers(address ? { "x-forwarded-for": address } : {});
  const u = people[who]!;
  return createCallerFactory(appRouter)({ rt, db: rt.db, ch: rt.ch, headers, session: { expires: "2999-01-01", user: { id: u.id, email: u.email, name: "", role: "viewer" } } });
}

async function outcomes(calls: Promise<unknown>[]) {
  const settled = await Promise.allSettled(calls);
  return settled.map((s) => (s.status === "fulfilled" ? "ok" : (s.reason as { code?: string }).code ?? String(s.reason)));
}

describe("tRPC rate limits", () => {
  it("answers TOO_MANY_REQUESTS with the wait once a user spends their calls; other users go on", async () => {
    process.env.ABI_RATE_API_USER_PER_MINUTE = "5";
    const vi = caller("vi");
    for (let i = 0; i < 5; i++) await vi.system.me();
    const refused = vi.system.me();
    await expect(refused).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    await expect(refused).rejects.toThrow(/^Too many requests; try again in \d+ s$/);
    await expect(caller("wu").system.me()).resolves.toMatchObject({ email: "wu@example.com" });
  });

  it("limits one address across users", async () => {
    process.env.ABI_RATE_API_IP_PER_MINUTE = "6";
    const results = await outcomes(["vi", "wu", "xo", "vi", "wu", "xo", "vi"].map((w) => caller(w, "192.0.2.7").system.me()));
    expect(results.filter((r) => r === "ok")).toHaveLength(6);
    expect(results.filter((r) => r === "TOO_MANY_REQUESTS")).toHaveLength(1);
    await expect(caller("vi", "192.0.2.8").system.me()).resolves.toBeTruthy();
  });
});

describe("PDF exports", () => {
  it("prints at most ABI_PDF_CONCURRENCY at once, queues ABI_PDF_QUEUE more, refuses the rest", async () => {
    process.env.ABI_PDF_CONCURRENCY = "2";
    process.env.ABI_PDF_QUEUE = "1";
    const page = await startSlowPageServer(1_500);
    const before = process.env.NEXTAUTH_URL;
    process.env.NEXTAUTH_URL = page.url;
    let peak = 0;
    const stop = onPdfBrowsers((live) => (peak = Math.max(peak, live)));
    try {
      const vi = caller("vi");
      const calls = Array.from({ length: 5 }, () => vi.exports.pdf({ path: "/costs" }));
      const results = await outcomes(calls);
      // 2 print at once, 1 waits its turn, 2 are refused at once
      expect(results.filter((r) => r === "ok")).toHaveLength(3);
      expect(results.filter((r) => r === "TOO_MANY_REQUESTS")).toHaveLength(2);
      expect(peak).toBe(2);
      const refused = (await Promise.allSettled(calls)).find((s) => s.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason.message).toBe("Too many PDF exports are being printed right now; try again in a minute");
      const first = (await calls[0]) as { base64: string };
      expect(Buffer.from(first.base64, "base64").subarray(0, 5).toString()).toBe("%PDF-");
    } finally {
      stop();
      process.env.NEXTAUTH_URL = before;
      if (before === undefined) delete process.env.NEXTAUTH_URL;
      await page.close();
    }
  });

  it("limits PDF exports per user per minute", async () => {
    process.env.ABI_RATE_EXPORTS_PER_MINUTE = "2";
    const vi = caller("vi");
    // a path that cannot be printed is refused before any browser starts, but still counts
    await expect(vi.exports.pdf({ path: "/admin" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(vi.exports.pdf({ path: "/admin" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(vi.exports.pdf({ path: "/costs" })).rejects.toThrow(/^Too many requests; try again in \d+ s$/);
    await expect(caller("wu").exports.pdf({ path: "/admin" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
