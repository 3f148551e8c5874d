import { describe, expect, it } from "vitest";
import { safeCallbackPath, safeRedirect } from "~/server/security/safe-callback";

// Each of these sends a browser to another host (or runs script) if used as a redirect target.
const hostile = [
  "/\\evil.example",
  "/%5Cevil.example",
  "/%5cevil.example",
  "/%255Cevil.example",
  "//evil.example",
  "/%2Fevil.example",
  "/%252Fevil.example",
  "///evil.example",
  "/\t/evil.example",
  "/%09/evil.example",
  "/\n/evil.example",
  "\\\\evil.example",
  "https://evil.example/",
  "http:evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "evil.example",
  "",
  " /costs",
  "%2F%2Fevil.example",
  "/%",
  "/costs\\..\\..\\evil",
];

describe("safeCallbackPath", () => {
  it.each(hostile)("sends %j home", (raw) => {
    expect(safeCallbackPath(raw)).toBe("/");
  });

  it.each([
    ["/", "/"],
    ["/costs", "/costs"],
    ["/costs?from=2026-01&group=service#top", "/costs?from=2026-01&group=service#top"],
    ["/breakdown?path=%2Fsubscriptions", "/breakdown?path=%2Fsubscriptions"],
  ])("keeps the local path %j", (raw, expected) => {
    expect(safeCallbackPath(raw)).toBe(expected);
  });

  it("sends non-strings and very long values home", () => {
    expect(safeCallbackPath(undefined)).toBe("/");
    expect(safeCallbackPath(["/costs"])).toBe("/");
    expect(safeCallbackPath(`/${"a".repeat(3000)}`)).toBe("/");
  });
});

describe("next-auth redirect callback", () => {
  const baseUrl = "http://localhost:3110";
  it.each(hostile)("sends %j to the app's home", (url) => {
    expect(safeRedirect({ url, baseUrl })).toBe("http://localhost:3110/");
  });
  it("keeps same-origin URLs and paths, drops other origins", () => {
    expect(safeRedirect({ url: "http://localhost:3110/costs?x=1", baseUrl })).toBe("http://localhost:3110/costs?x=1");
    expect(safeRedirect({ url: "/anomalies", baseUrl })).toBe("http://localhost:3110/anomalies");
    expect(safeRedirect({ url: "http://localhost:3111/costs", baseUrl })).toBe("http://localhost:3110/");
    expect(safeRedirect({ url: "http://localhost:3110/\\evil.example", baseUrl })).toBe("http://localhost:3110/");
  });
});
