import { describe, expect, it } from "vitest";
import { clientAddress } from "~/server/request-ip";

const h = (init: Record<string, string>) => new Headers(init);

describe("clientAddress", () => {
  it("believes nothing without a trusted proxy", () => {
    expect(clientAddress(h({ "x-forwarded-for": "198.51.100.7" }), false)).toBeNull();
    expect(clientAddress(h({ "x-real-ip": "198.51.100.7" }), false)).toBeNull();
  });

  it("takes the address the trusted proxy appended (the last entry), not what the client claimed", () => {
    expect(clientAddress(h({ "x-forwarded-for": "203.0.113.9, 198.51.100.7" }), true)).toBe("198.51.100.7");
    expect(clientAddress({ "x-forwarded-for": ["203.0.113.9", "198.51.100.8"] }, true)).toBe("198.51.100.8");
    expect(clientAddress(h({ "x-real-ip": "2001:db8::1" }), true)).toBe("2001:db8::1");
    expect(clientAddress(h({ "x-forwarded-for": "[2001:db8::2]" }), true)).toBe("2001:db8::2");
    expect(clientAddress(h({ "x-forwarded-for": "::ffff:192.0.2.1" }), true)).toBe("192.0.2.1");
  });

  it("refuses what is not an address", () => {
    expect(clientAddress(h({ "x-forwarded-for": "1.2.3.4, <script>" }), true)).toBeNull();
    expect(clientAddress(h({}), true)).toBeNull();
  });
});
