import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createS3Client, listObjects, mapS3Error, normalizePrefix, type S3ExportsConfig } from "../../../sources/s3-exports";
import { InvalidSourceRequestError } from "../../../sources/shared/errors";
import type { FocusFilesConfig, FocusFilesSecrets } from "./config";
import { billingMonthOfRow, csvHead } from "./csv-head";
import { focusFileFormat, monthOfKey, type FocusFileFormat } from "./month-of-key";

export type FocusObject = { key: string; size: number; format: FocusFileFormat };

/** Bytes read to find a header and first row. */
const HEAD_BYTES = 64 * 1024;

export function s3Settings(c: FocusFilesConfig, s: Partial<FocusFilesSecrets>, extra: Partial<S3ExportsConfig> = {}): S3ExportsConfig {
  return { endpoint: c.endpoint, region: c.region, bucket: c.bucket, prefix: c.prefix, forcePathStyle: c.forcePathStyle, accessKeyId: s.accessKeyId ?? "", secretAccessKey: s.secretAccessKey ?? "", ...extra };
}

/** Every CSV / CSV.gz / Parquet object under the prefix, by key. */
export async function listFocusObjects(client: S3Client, cfg: S3ExportsConfig, signal?: AbortSignal): Promise<FocusObject[]> {
  const objects = await listObjects(client, cfg, signal);
  return objects
    .flatMap((o) => {
      const format = focusFileFormat(o.key);
      return format && o.size > 0 ? [{ key: o.key, size: o.size, format }] : [];
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** The first bytes of an object (a ranged GET). */
export async function readObjectHead(client: S3Client, cfg: S3ExportsConfig, key: string, signal?: AbortSignal): Promise<Buffer> {
  try {
    const res = await client.send(new GetObjectCommand({ Bucket: cfg.bucket, Key: key, Range: `bytes=0-${HEAD_BYTES - 1}` }), { abortSignal: signal });
    return Buffer.from(await res.Body!.transformToByteArray());
  } catch (err) {
    throw mapS3Error(err, cfg, `Reading ${key}`);
  }
}

/** The billing month of one object under the configured layout; undefined when it names none. */
export async function monthOfObject(client: S3Client, cfg: S3ExportsConfig, layout: FocusFilesConfig["monthLayout"], o: FocusObject, signal?: AbortSignal): Promise<string | undefined> {
  if (layout === "month-folder") return monthOfKey(o.key, normalizePrefix(cfg.prefix));
  if (o.format === "parquet") {
    throw new InvalidSourceRequestError(`${o.key}: the billing-period-column layout reads CSV files; put Parquet files in month folders (e.g. ${normalizePrefix(cfg.prefix)}2026-03/) and choose month-folder`);
  }
  return billingMonthOfRow(csvHead(await readObjectHead(client, cfg, o.key, signal), o.format === "csv.gz"));
}

/** The objects holding `month`. */
export async function objectsOfMonth(c: FocusFilesConfig, s: Partial<FocusFilesSecrets>, month: string, signal?: AbortSignal): Promise<{ client: S3Client; cfg: S3ExportsConfig; objects: FocusObject[] }> {
  const cfg = s3Settings(c, s);
  const client = createS3Client(cfg);
  const all = await listFocusObjects(client, cfg, signal);
  const objects: FocusObject[] = [];
  for (const o of all) if ((await monthOfObject(client, cfg, c.monthLayout, o, signal)) === month) objects.push(o);
  return { client, cfg, objects };
}

