import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseEnv } from "~/domain/runtime/env";

type Service = { environment?: Record<string, string>; image?: string; build?: unknown; healthcheck?: unknown };
const compose = parse(fs.readFileSync("docker-compose.yml", "utf8"), { merge: true }) as { services: Record<string, Service> };

/** What the app and worker need to run in server mode. */
const REQUIRED_SERVER_VARS = ["CLICKHOUSE_URL", "DATABASE_URL", "TEMPORAL_ADDRESS", "NEXTAUTH_SECRET", "ABI_SECRET_KEY", "ABI_ADMIN_EMAIL", "ABI_ADMIN_PASSWORD"];

/** Substitutes ${VAR:-default} / ${VAR:?message} the way compose would with a filled-in .env. */
function resolve(value: string): string {
  return value.replace(/\$\{(\w+)(?::[-?]([^}]*))?\}/g, (_, name: string, fallback?: string) =>
    ({ NEXTAUTH_SECRET: "0123456789abcdef0123456789abcdef", ABI_SECRET_KEY: "fedcba9876543210fedcba9876543210", ABI_ADMIN_EMAIL: "admin@example.com", ABI_ADMIN_PASSWORD: "a-long-password" })[name] ?? fallback ?? "",
  );
}

describe("docker-compose.yml", () => {
  it("has every planned service", () => {
    for (const name of ["clickhouse", "postgres", "temporal", "temporal-ui", "minio", "redis", "redpanda", "redpanda-console", "app", "worker"]) {
      expect(compose.services[name], name).toBeDefined();
    }
  });

  it("gives stores a healthcheck", () => {
    for (const name of ["clickhouse", "postgres", "temporal", "minio", "redis", "redpanda", "app"]) {
      expect(compose.services[name]?.healthcheck, name).toBeDefined();
    }
  });

  it.each(["app", "worker"])("sets every server-mode variable for %s, and they validate", (name) => {
    const environment = compose.services[name]?.environment ?? {};
    for (const v of REQUIRED_SERVER_VARS) expect(environment[v], `${name}.${v}`).toBeTruthy();
    const resolved = Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, resolve(String(v))]));
    const e = parseEnv(resolved);
    expect([e.clickhouseMode, e.postgresMode, e.temporalMode]).toEqual(["server", "server", "server"]);
  });

  it("never ships a default admin password or auth secret", () => {
    const raw = fs.readFileSync("docker-compose.yml", "utf8");
    expect(raw).toMatch(/ABI_ADMIN_PASSWORD: \$\{ABI_ADMIN_PASSWORD:\?/);
    expect(raw).toMatch(/NEXTAUTH_SECRET: \$\{NEXTAUTH_SECRET:\?/);
  });
});
