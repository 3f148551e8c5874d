import path from "node:path";
import { z } from "zod";

const emptyAsUndefined = (v: unknown) => (v === "" ? undefined : v);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const optionalUrl = (protocols: string[]) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((s) => {
        try {
          return protocols.includes(new URL(s).protocol);
        } catch {
          return false;
        }
      }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}`)
      .optional(),
  );

const hostPort = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .regex(/^[A-Za-z0-9.\-_\[\]:]+:\d{1,5}$/, "must be host:port, for example temporal:7233")
    .optional(),
);

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  ABI_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default(".data")),
  CLICKHOUSE_URL: optionalUrl(["http:", "https:"]),
  CLICKHOUSE_USER: z.preprocess(emptyAsUndefined, z.string().default("default")),
  CLICKHOUSE_PASSWORD: z.preprocess(emptyAsUndefined, z.string().default("")),
  CLICKHOUSE_DATABASE: z.preprocess(emptyAsUndefined, z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a plain database name").default("default")),
  DATABASE_URL: optionalUrl(["postgres:", "postgresql:"]),
  TEMPORAL_ADDRESS: hostPort,
  TEMPORAL_NAMESPACE: z.preprocess(emptyAsUndefined, z.string().default("default")),
  TEMPORAL_TASK_QUEUE: z.preprocess(emptyAsUndefined, z.string().default("abi-ingest")),
  TEMPORAL_CLI: optionalString,
  /** The Temporal Web UI (e.g. http://localhost:8233): the workflows page links runs and schedules into it. */
  TEMPORAL_UI_URL: optionalUrl(["http:", "https:"]),
  NEXTAUTH_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16, "must be at least 16 characters").optional()),
  NEXTAUTH_URL: optionalUrl(["http:", "https:"]),
  ABI_ADMIN_EMAIL: z.preprocess(emptyAsUndefined, z.email("must be an e-mail address").optional()),
  ABI_ADMIN_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(8, "must be at least 8 characters").optional()),
  ABI_DEMO: z.preprocess(emptyAsUndefined, z.enum(["0", "1", "true", "false"]).optional()),
  ABI_WORKER: z.preprocess(emptyAsUndefined, z.enum(["auto", "inprocess", "off"]).default("auto")),
  ABI_TRUST_PROXY: z.preprocess(emptyAsUndefined, z.enum(["0", "1", "true", "false"]).optional()),
  ABI_SECRET_KEY: z.preprocess(emptyAsUndefined, z.string().min(16, "must be at least 16 characters").optional()),
  ABI_UPLOAD_MAX_FILES: z.preprocess(emptyAsUndefined, z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(1000, "must be at most 1000").default(20)),
  /** Extra Azure hosts (`host:port` or `host`, comma-separated): for proxies and tests. */
  ABI_AZURE_HOSTS_EXTRA: z.preprocess(emptyAsUndefined, z.string().regex(/^\s*[A-Za-z0-9.\-_\[\]:]+(\s*,\s*[A-Za-z0-9.\-_\[\]:]+)*\s*$/, "must be a comma-separated list of host or host:port").optional()),
  ABI_ALLOW_LINK_LOCAL_ENDPOINTS: z.preprocess(emptyAsUndefined, z.enum(["0", "1"], { error: "must be 0 or 1" }).optional()),
  /** Folder of plugin packages (.tgz) offered in the catalogue; default `<ABI_DATA_DIR>/plugins/catalogue`. */
  ABI_PLUGIN_CATALOGUE_DIR: optionalString,
  REDIS_URL: optionalUrl(["redis:", "rediss:"]),
  /** Bearer token Prometheus sends to /api/metrics; unset = the endpoint answers 404. */
  ABI_METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, "must be at least 16 characters (openssl rand -hex 32)").optional()),
  S3_ENDPOINT: optionalUrl(["http:", "https:"]),
  S3_REGION: z.preprocess(emptyAsUndefined, z.string().default("us-east-1")),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_BUCKET: optionalString,
  // Event stream (docs/events.md): on when KAFKA_BROKERS is set.
  KAFKA_BROKERS: z.preprocess(emptyAsUndefined, z.string().regex(/^\s*[A-Za-z0-9.\-_\[\]:]+:\d{1,5}(\s*,\s*[A-Za-z0-9.\-_\[\]:]+:\d{1,5})*\s*$/, "must be a comma-separated list of host:port, for example redpanda:9092").optional()),
  KAFKA_TOPIC: z.preprocess(emptyAsUndefined, z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, "must be a Kafka topic name (letters, digits, . _ -)").default("abi.events")),
  KAFKA_CLIENT_ID: z.preprocess(emptyAsUndefined, z.string().default("abi")),
  KAFKA_SSL: z.preprocess(emptyAsUndefined, z.enum(["0", "1"], { error: "must be 0 or 1" }).optional()),
  KAFKA_SASL_MECHANISM: z.preprocess(emptyAsUndefined, z.enum(["plain", "scram-sha-256", "scram-sha-512"], { error: "must be plain, scram-sha-256 or scram-sha-512" }).optional()),
  KAFKA_SASL_USERNAME: optionalString,
  KAFKA_SASL_PASSWORD: optionalString,
  // Sign-in through an identity provider; each is on when its issuer/tenant and client are set.
  OIDC_ISSUER: optionalUrl(["http:", "https:"]),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  OIDC_NAME: z.preprocess(emptyAsUndefined, z.string().max(60).default("OpenID Connect")),
  OIDC_GROUPS_CLAIM: z.preprocess(emptyAsUndefined, z.string().default("groups")),
  OIDC_SCOPE: z.preprocess(emptyAsUndefined, z.string().default("openid email profile")),
  AZURE_AD_TENANT_ID: optionalString,
  AZURE_AD_CLIENT_ID: optionalString,
  AZURE_AD_CLIENT_SECRET: optionalString,
  // The CLI against a server: its URL and a personal API token (docs/api.md).
  ABI_URL: optionalUrl(["http:", "https:"]),
  ABI_TOKEN: z.preprocess(emptyAsUndefined, z.string().regex(/^abi_[A-Za-z0-9_-]{43}$/, "must be an API token (abi_…) from Settings → API tokens").optional()),
});

export type AbiEnv = z.infer<typeof envSchema> & {
  dataDir: string;
  clickhouseMode: "embedded" | "server";
  postgresMode: "embedded" | "server";
  temporalMode: "embedded" | "server";
  /** Any embedded store means one owner process, so the worker must live inside it. */
  usesEmbeddedStore: boolean;
};

export class EnvError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`Invalid environment variable ${variable}: ${reason}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined> = process.env): AbiEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EnvError(String(issue.path[0] ?? "?"), issue.message);
  }
  const e = parsed.data;
  requireTogether(e, ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"]);
  requireTogether(e, ["AZURE_AD_TENANT_ID", "AZURE_AD_CLIENT_ID", "AZURE_AD_CLIENT_SECRET"]);
  requireTogether(e, ["ABI_URL", "ABI_TOKEN"]);
  requireTogether(e, ["KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"]);
  const clickhouseMode = e.CLICKHOUSE_URL ? "server" : "embedded";
  const postgresMode = e.DATABASE_URL ? "server" : "embedded";
  const temporalMode = e.TEMPORAL_ADDRESS ? "server" : "embedded";
  return {
    ...e,
    dataDir: path.resolve(e.ABI_DATA_DIR),
    clickhouseMode,
    postgresMode,
    temporalMode,
    usesEmbeddedStore: clickhouseMode === "embedded" || postgresMode === "embedded",
  };
}

/** A provider configured halfway is a mistake worth stopping for, not a silently missing button. */
function requireTogether(e: Record<string, unknown>, names: string[]): void {
  const set = names.filter((n) => e[n] !== undefined);
  if (set.length > 0 && set.length < names.length) {
    const missing = names.find((n) => e[n] === undefined)!;
    throw new EnvError(missing, `required together with ${set.join(", ")}`);
  }
}

let cached: AbiEnv | undefined;
export function env(): AbiEnv {
  cached ??= parseEnv();
  return cached;
}

/** Tests and the CLI re-read the environment after changing it. */
export function resetEnvCache(): void {
  cached = undefined;
}

/** Behind a reverse proxy that sets X-Forwarded-For: only then is that header believed. */
export const trustsProxy = (e: AbiEnv) => e.ABI_TRUST_PROXY === "1" || e.ABI_TRUST_PROXY === "true";

export const isDemo = (e: AbiEnv) => e.ABI_DEMO === "1" || e.ABI_DEMO === "true";
