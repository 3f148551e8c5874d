/** What every plugin that reads an S3-compatible bucket shares: where the bucket is, and where its secret may go. */
import { z } from "zod";
import { checkS3Endpoint } from "../../sources/shared/url-policy";
import type { SecretHosts } from "../contract";

/** Endpoint, region, bucket, prefix and addressing style of an S3/MinIO location. */
export const s3LocationFields = {
  // http(s) only: z.url() alone took "javascript:alert(1)//" and stored it
  endpoint: z.url({ protocol: /^https?$/, error: "The S3 endpoint must be an http:// or https:// URL" }),
  region: z.string().default("us-east-1"),
  bucket: z.string().min(3),
  prefix: z.string().default(""),
  forcePathStyle: z.boolean().default(true),
};

const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/** A stored S3 secret only goes to the endpoint it was saved with, never to a link-local or metadata address. */
export function s3SecretHosts<C extends Record<string, unknown>>(secret: string): SecretHosts<C> {
  return {
    fields: "S3 endpoint",
    secret,
    hosts: (c) => (str(c.endpoint) ? [str(c.endpoint)!] : []),
    assertAllowed: async (c) => {
      if (str(c.endpoint)) await checkS3Endpoint(str(c.endpoint)!);
    },
  };
}
