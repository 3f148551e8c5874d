import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseEnv } from "~/domain/runtime/env";

type Port = string | number | { published?: string | number; target?: number; host_ip?: string };
type Service = { environment?: Record<string, string>; image?: string; build?: unknown; healthcheck?: unknown; ports?: Port[]; command?: string | string[]; entrypoint?: string | string[] };
const raw = fs.readFileSync("docker-compose.yml", "utf8");
const compose = parse(raw, { merge: true }) as { services: Record<string, Service> };

/** What the app and worker need to run in server mode. */
const REQUIRED_SERVER_VARS = ["CLICKHOUSE_URL", "DATABASE_URL", "TEMPORAL_ADDRESS", "NEXTAUTH_SECRET", "ABI_SECRET_KEY", "ABI_ADMIN_EMAIL", "ABI_ADMIN_PASSWORD"];
/** The only service whose port may be published on every interface. */
const PUBLIC_SERVICES = new Set(["app"]);
const LOOPBACK = new Set(["127.0.0.1", "::1", "[::1]", "localhost"]);

/** The variables compose refuses to start without: every ${VAR:?message}. */
const requiredVars = [...new Set([...raw.matchAll(/\$\{(\w+):\?/g)].map((m) => m[1]!))];
const envExample = fs.existsSync(".env.example") ? fs.readFileSync(".env.example", "utf8") : "";
const exampleVars = new Set([...envExample.matchAll(/^#?\s*(\w+)=/gm)].map((m) => m[1]!));

/** A filled-in .env, as an operator would write it (hex secrets, an e-mail for the admin). */
const filledEnv = (name: string) => (name === "ABI_ADMIN_EMAIL" ? "admin@example.com" : name === "NEXTAUTH_URL" ? "https://abi.example.com" : `${name.toLowerCase()}0123456789abcdef`);

/** Substitutes ${VAR:-default} / ${VAR:?message} the way compose would with that .env. */
function resolve(value: string): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind?: string, fallback?: string) =>
    kind === "?" || !kind ? filledEnv(name) : (fallback ?? ""),
  );
}

/** The host address a published port binds to ("" = every interface), short or long syntax. */
function hostIp(port: Port): string {
  if (typeof port === "object") return port.host_ip ?? "";
  const parts = String(port).split(":");
  // "container", "host:container" → every interface; "ip:host:container" → ip (IPv6 in brackets).
  return parts.length >= 3 ? parts.slice(0, parts.length - 2).join(":") : "";
}

/** Environment keys that hold a credential. */
const isCredentialKey = (key: string) => /PASSWORD|SECRET|_PWD$|ACCESS_KEY|REDISCLI_AUTH/.test(key);

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
    expect(raw).toMatch(/ABI_ADMIN_PASSWORD: \$\{ABI_ADMIN_PASSWORD:\?/);
    expect(raw).toMatch(/NEXTAUTH_SECRET: \$\{NEXTAUTH_SECRET:\?/);
  });

  it("publishes no port other than the app's on a non-loopback address", () => {
    const exposed: string[] = [];
    for (const [name, service] of Object.entries(compose.services)) {
      if (PUBLIC_SERVICES.has(name)) continue;
      for (const port of service.ports ?? []) if (!LOOPBACK.has(hostIp(port))) exposed.push(`${name}: ${JSON.stringify(port)}`);
    }
    expect(exposed).toEqual([]);
    expect(compose.services.app?.ports?.length).toBe(1);
  });

  it("takes every password and secret from a required variable, never a default or a literal", () => {
    const offending: string[] = [];
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        const text = String(value);
        if (isCredentialKey(key) && !/^\$\{\w+:\?[^}]*\}$/.test(text)) offending.push(`${name}.${key}=${text}`);
        // Credentials inside URLs (scheme://user:password@host).
        const inUrl = /^\w+:\/\/[^/:@]*:([^@]*)@/.exec(text);
        if (inUrl && !/^\$\{\w+:\?[^}]*\}$/.test(inUrl[1]!)) offending.push(`${name}.${key}=${text}`);
      }
    }
    expect(offending).toEqual([]);
    // No credential variable anywhere (commands included) falls back to a built-in value.
    expect(raw).not.toMatch(/\$\{\w*(PASSWORD|SECRET|_USER|KEY)\w*:-/);
  });

  it("makes Redis require a password", () => {
    const redis = compose.services.redis!;
    expect([redis.command].flat().join(" ")).toMatch(/requirepass/);
    expect(redis.environment?.REDIS_PASSWORD).toMatch(/^\$\{REDIS_PASSWORD:\?/);
    expect(compose.services.app?.environment?.REDIS_URL).toMatch(/^redis:\/\/:\$\{REDIS_PASSWORD:\?[^}]*\}@redis:6379$/);
  });

  it("documents every required variable in .env.example", () => {
    expect(requiredVars).toEqual(expect.arrayContaining(["NEXTAUTH_SECRET", "ABI_SECRET_KEY", "CLICKHOUSE_PASSWORD", "POSTGRES_PASSWORD", "MINIO_ROOT_PASSWORD", "REDIS_PASSWORD"]));
    expect(requiredVars.filter((v) => !exampleVars.has(v))).toEqual([]);
  });

  it("keeps .env (the secrets) out of the image build context", () => {
    const ignored = fs.existsSync(".dockerignore") ? fs.readFileSync(".dockerignore", "utf8").split("\n").map((l) => l.trim()) : [];
    expect(ignored).toContain(".env");
  });
});
