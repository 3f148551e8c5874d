import { afterEach, describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders, servedOverHttps } from "~/server/security/headers";

const saved = { url: process.env.NEXTAUTH_URL, trust: process.env.ABI_TRUST_PROXY };
afterEach(() => {
  for (const [k, v] of [["NEXTAUTH_URL", saved.url], ["ABI_TRUST_PROXY", saved.trust]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe("Strict-Transport-Security", () => {
  it.each([
    // NEXTAUTH_URL, ABI_TRUST_PROXY, X-Forwarded-Proto → HSTS?
    ["https://abi.example.com", undefined, null, true],
    ["http://localhost:3000", undefined, null, false],
    ["http://localhost:3000", undefined, "https", false],
    ["http://abi.internal", "1", "https", true],
    ["http://abi.internal", "1", "https, http", true],
    ["http://abi.internal", "1", "http", false],
    ["http://abi.internal", "0", "https", false],
  ])("NEXTAUTH_URL=%s ABI_TRUST_PROXY=%s x-forwarded-proto=%s → %s", (url, trust, proto, hsts) => {
    process.env.NEXTAUTH_URL = url;
    if (trust === undefined) delete process.env.ABI_TRUST_PROXY;
    else process.env.ABI_TRUST_PROXY = trust;
    const https = servedOverHttps(proto);
    expect(https).toBe(hsts);
    expect("strict-transport-security" in securityHeaders({ csp: "x", https })).toBe(hsts);
  });
});

describe("Content-Security-Policy", () => {
  it("allows scripts only with the nonce in production, and no framing", () => {
    const csp = contentSecurityPolicy("abc123", { dev: false, https: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic';");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy("n", { dev: false, https: true })).toContain("upgrade-insecure-requests");
  });
});
