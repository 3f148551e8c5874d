import { describe, expect, it } from "vitest";
import { parseEnv, EnvError } from "~/domain/runtime/env";

describe("environment", () => {
  it("defaults to embedded stores under .data", () => {
    const e = parseEnv({});
    expect(e.clickhouseMode).toBe("embedded");
    expect(e.postgresMode).toBe("embedded");
    expect(e.temporalMode).toBe("embedded");
    expect(e.usesEmbeddedStore).toBe(true);
    expect(e.dataDir.endsWith(".data")).toBe(true);
  });

  it("switches each service to server mode by its own variable", () => {
    const e = parseEnv({ CLICKHOUSE_URL: "http://ch:8123", DATABASE_URL: "postgres://u:p@pg/abi", TEMPORAL_ADDRESS: "temporal:7233" });
    expect([e.clickhouseMode, e.postgresMode, e.temporalMode]).toEqual(["server", "server", "server"]);
    expect(e.usesEmbeddedStore).toBe(false);
  });

  it.each([
    ["CLICKHOUSE_URL", "nonsense"],
    ["DATABASE_URL", "mysql://x"],
    ["TEMPORAL_ADDRESS", "no-port"],
    ["ABI_ADMIN_EMAIL", "not-an-email"],
    ["ABI_ADMIN_PASSWORD", "short"],
    ["REDIS_URL", "http://redis"],
  ])("names %s when it is invalid", (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrowError(EnvError);
    try {
      parseEnv({ [name]: value });
    } catch (err) {
      expect((err as EnvError).variable).toBe(name);
      expect((err as Error).message).toContain(name);
      expect((err as Error).message.split("\n")).toHaveLength(1);
    }
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ CLICKHOUSE_URL: "", DATABASE_URL: "" }).usesEmbeddedStore).toBe(true);
  });
});
