import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddress } from "~/server/security/client-address";

// This file's process is an app server as scripts/next.mjs starts it: with the preload.
delete process.env.ABI_TRUST_PROXY;
await import("../../scripts/socket-address.mjs");

let server: http.Server;
let base: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const address = clientAddress((n) => {
      const v = req.headers[n];
      return Array.isArray(v) ? v.join(", ") : v;
    });
    res.end(JSON.stringify({ address, proto: req.headers["x-forwarded-proto"] ?? null }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("client address without a trusted proxy", () => {
  it("is the socket address, whatever forwarding headers the client sends", async () => {
    const res = await fetch(base, { headers: { "x-forwarded-for": "203.0.113.9", "x-real-ip": "203.0.113.10", "x-forwarded-proto": "https" } });
    expect(await res.json()).toEqual({ address: "127.0.0.1", proto: null });
  });
});

describe("client address behind a trusted proxy (ABI_TRUST_PROXY=1)", () => {
  it("is the last X-Forwarded-For entry (the one the proxy appended), else X-Real-IP", () => {
    process.env.ABI_TRUST_PROXY = "1";
    try {
      const h = (headers: Record<string, string>) => (n: string) => headers[n];
      // a client-sent X-Real-IP that a proxy passes through does not win over what the proxy appended
      expect(clientAddress(h({ "x-real-ip": "203.0.113.66", "x-forwarded-for": "1.1.1.1, 198.51.100.2" }))).toBe("198.51.100.2");
      expect(clientAddress(h({ "x-real-ip": "198.51.100.1" }))).toBe("198.51.100.1");
      expect(clientAddress(h({ "x-forwarded-for": "1.1.1.1, 198.51.100.2" }))).toBe("198.51.100.2");
      expect(clientAddress(h({}))).toBe("unknown");
    } finally {
      delete process.env.ABI_TRUST_PROXY;
    }
  });
});
