/**
 * Platform object-storage settings: from `S3_*` environment variables (they win, read-only in the
 * UI), else the row an admin saved in PostgreSQL (secret encrypted as data-source secrets are),
 * else none (the data directory's `objects` folder). The secret never leaves this module except
 * inside an S3StoreSettings handed to the S3 client.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { AbiEnv } from "../runtime/env";
import type { Db } from "../runtime/postgres";
import { platformStorageSettings } from "../db/schema";
import { decryptSecrets, encryptSecrets } from "../sources/secrets";
import { checkS3Endpoint, UrlRefusedError } from "../sources/shared/url-policy";
import type { S3StoreSettings } from "./s3-object-store";

const ROW_ID = "platform";

/** What the settings page may show: everything but the secret. */
export type StorageSettingsView = {
  source: "environment" | "settings" | "default";
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  forcePathStyle: boolean;
  verifyTls: boolean;
  accessKeyId: string;
  secretSet: boolean;
  /** Where files go, for people: "s3://bucket/abi/ at http://…" or "folder …/objects". */
  location: string;
  updatedAt: string | null;
};

const bucketName = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "3-63 lower-case letters, digits, dots and hyphens");

/** The form as the browser sends it; an empty secret means "keep the stored secret". */
export const storageSettingsInput = z.object({
  endpoint: z
    .string()
    .trim()
    .max(500)
    .refine((v) => v === "" || /^https?:\/\/[^\s/]+(\/.*)?$/.test(v), "an http:// or https:// URL, or empty for AWS S3"),
  region: z.string().trim().max(50).default("us-east-1"),
  bucket: bucketName,
  prefix: z
    .string()
    .trim()
    .max(200)
    .regex(/^[A-Za-z0-9._\-/]*$/, "letters, digits, '.', '_', '-' and '/' only")
    .refine((p) => !p.split("/").some((s) => s === ".." || s === "."), "no '.' or '..' parts")
    .default("abi"),
  forcePathStyle: z.boolean().default(true),
  verifyTls: z.boolean().default(true),
  accessKeyId: z.string().trim().min(1, "required").max(200),
  secretAccessKey: z.string().max(500).default(""),
});
export type StorageSettingsInput = z.infer<typeof storageSettingsInput>;

export class StorageSettingsError extends Error {
  override name = "StorageSettingsError";
}

export const envStorageSettings = (env: AbiEnv): S3StoreSettings | null =>
  env.S3_BUCKET && env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
    ? {
        endpoint: env.S3_ENDPOINT,
        region: env.S3_REGION,
        bucket: env.S3_BUCKET,
        prefix: "abi",
        forcePathStyle: Boolean(env.S3_ENDPOINT),
        accessKeyId: env.S3_ACCESS_KEY_ID,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      }
    : null;

async function storedRow(db: Db) {
  const [row] = await db.select().from(platformStorageSettings).where(eq(platformStorageSettings.id, ROW_ID));
  return row;
}

/** The settings the platform store uses now (environment first), with the secret; null = the folder. */
export async function effectiveStorageSettings(rt: { env: AbiEnv; db: Db }): Promise<S3StoreSettings | null> {
  const fromEnv = envStorageSettings(rt.env);
  if (fromEnv) return fromEnv;
  const row = await storedRow(rt.db);
  if (!row) return null;
  return {
    endpoint: row.endpoint ?? undefined,
    region: row.region,
    bucket: row.bucket,
    prefix: row.prefix,
    forcePathStyle: row.forcePathStyle,
    verifyTls: row.verifyTls,
    accessKeyId: row.accessKeyId,
    secretAccessKey: decryptSecrets(rt.env, row.secretCiphertext).secretAccessKey ?? "",
  };
}

const describeS3 = (s: { bucket: string; prefix?: string; endpoint?: string | null }) =>
  `s3://${s.bucket}/${s.prefix ? `${s.prefix.replace(/\/+$/, "")}/` : ""}${s.endpoint ? ` at ${s.endpoint}` : ""}`;

export async function storageSettingsView(rt: { env: AbiEnv; db: Db }, folder: string): Promise<StorageSettingsView> {
  const fromEnv = envStorageSettings(rt.env);
  if (fromEnv) {
    return {
      source: "environment", endpoint: fromEnv.endpoint ?? "", region: fromEnv.region ?? "us-east-1", bucket: fromEnv.bucket, prefix: fromEnv.prefix ?? "",
      forcePathStyle: fromEnv.forcePathStyle ?? false, verifyTls: true, accessKeyId: fromEnv.accessKeyId, secretSet: true, location: describeS3(fromEnv), updatedAt: null,
    };
  }
  const row = await storedRow(rt.db);
  if (!row) {
    return {
      source: "default", endpoint: "", region: "us-east-1", bucket: "", prefix: "abi", forcePathStyle: true, verifyTls: true,
      accessKeyId: "", secretSet: false, location: `folder ${folder}`, updatedAt: null,
    };
  }
  return {
    source: "settings", endpoint: row.endpoint ?? "", region: row.region, bucket: row.bucket, prefix: row.prefix, forcePathStyle: row.forcePathStyle,
    verifyTls: row.verifyTls, accessKeyId: row.accessKeyId, secretSet: true, location: describeS3(row), updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The settings a form describes, with the stored secret filled in when the form left it empty.
 * Refused while `S3_*` variables are set (they would win anyway).
 */
export async function settingsFromForm(rt: { env: AbiEnv; db: Db }, form: StorageSettingsInput): Promise<S3StoreSettings> {
  if (envStorageSettings(rt.env)) throw new StorageSettingsError("Object storage is set by environment variables (S3_*); change them on the server, not here");
  let secret = form.secretAccessKey;
  if (!secret) {
    const row = await storedRow(rt.db);
    secret = row ? (decryptSecrets(rt.env, row.secretCiphertext).secretAccessKey ?? "") : "";
    if (!secret) throw new StorageSettingsError("secret key: required (nothing is stored yet)");
  }
  return {
    endpoint: form.endpoint || undefined,
    region: form.region || "us-east-1",
    bucket: form.bucket,
    prefix: form.prefix.replace(/^\/+|\/+$/g, ""),
    forcePathStyle: form.forcePathStyle,
    verifyTls: form.verifyTls,
    accessKeyId: form.accessKeyId,
    secretAccessKey: secret,
  };
}

/** Saves the form (secret encrypted); returns what changed, without any secret, for the audit row. */
export async function saveStorageSettings(rt: { env: AbiEnv; db: Db }, form: StorageSettingsInput, userId: string | null): Promise<{ changed: string[] }> {
  const s = await settingsFromForm(rt, form);
  // Refused here, not only when the client connects: a saved metadata endpoint would make every
  // archive, package and backup write fail later, far from the person who typed it.
  if (s.endpoint) {
    await checkS3Endpoint(s.endpoint).catch((err: unknown) => {
      throw err instanceof UrlRefusedError ? new StorageSettingsError(err.message) : err;
    });
  }
  const before = await storedRow(rt.db);
  const values = {
    endpoint: s.endpoint ?? null,
    region: s.region ?? "us-east-1",
    bucket: s.bucket,
    prefix: s.prefix ?? "",
    forcePathStyle: s.forcePathStyle ?? true,
    verifyTls: s.verifyTls ?? true,
    accessKeyId: s.accessKeyId,
    secretCiphertext: encryptSecrets(rt.env, { secretAccessKey: s.secretAccessKey }),
    updatedBy: userId,
  };
  const changed: string[] = (["endpoint", "region", "bucket", "prefix", "forcePathStyle", "verifyTls", "accessKeyId"] as const).filter((k) => before?.[k] !== values[k]);
  if (form.secretAccessKey) changed.push("secretAccessKey");
  await rt.db
    .insert(platformStorageSettings)
    .values({ id: ROW_ID, ...values })
    .onConflictDoUpdate({ target: platformStorageSettings.id, set: { ...values, updatedAt: new Date() } });
  return { changed };
}
