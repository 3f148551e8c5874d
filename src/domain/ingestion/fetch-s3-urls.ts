import path from "node:path";
import type { Readable } from "node:stream";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import type { AbiEnv } from "../runtime/env";
import { createS3Client, listObjects, mapS3Error, type S3ExportsConfig } from "../sources/s3-exports";
import { streamToFile } from "../sources/shared/stream-to-file";

const BILLING_FILE = /\.(csv|csv\.gz|gz|parquet|json)$/i;

/** s3://bucket/key (one object) or s3://bucket/prefix/ (every billing file under it). */
export function parseS3Url(url: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(url);
  if (!m || !m[1]) throw new Error(`${url} is not an s3://bucket/key URL`);
  return { bucket: m[1], key: m[2] ?? "" };
}

function s3Config(e: AbiEnv, bucket: string, prefix = ""): S3ExportsConfig {
  if (!e.S3_ACCESS_KEY_ID || !e.S3_SECRET_ACCESS_KEY) {
    throw new Error("s3:// inputs need S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (and S3_ENDPOINT for MinIO or other S3-compatible servers)");
  }
  return { endpoint: e.S3_ENDPOINT, region: e.S3_REGION, bucket, prefix, accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY };
}

/** Streams the objects behind s3:// URLs to `dir`; returns local paths with their original names. */
export async function fetchS3Urls(e: AbiEnv, urls: string[], dir: string): Promise<{ path: string; name: string }[]> {
  const out: { path: string; name: string }[] = [];
  for (const url of urls) {
    const { bucket, key } = parseS3Url(url);
    const cfg = s3Config(e, bucket, key.endsWith("/") ? key : "");
    const client = createS3Client(cfg);
    try {
      const keys = key.endsWith("/") || key === ""
        ? (await listObjects(client, cfg)).map((o) => o.key).filter((k) => BILLING_FILE.test(k))
        : [key];
      if (keys.length === 0) throw new Error(`no billing files (.csv, .csv.gz, .parquet, .json) under ${url}`);
      for (const k of keys) {
        const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: k })).catch((err: unknown) => {
          throw mapS3Error(err, cfg, `Reading s3://${bucket}/${k}`);
        });
        const stored = await streamToFile(res.Body as Readable, path.join(dir, `${out.length}-${path.basename(k)}`));
        out.push({ path: stored.path, name: `s3://${bucket}/${k}` });
      }
    } finally {
      client.destroy();
    }
  }
  return out;
}
