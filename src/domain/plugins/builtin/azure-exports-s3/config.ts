import { z } from "zod";

export const configSchema = z.object({
  // http(s) only: z.url() alone took "javascript:alert(1)//" and stored it
  endpoint: z.url({ protocol: /^https?$/, error: "The S3 endpoint must be an http:// or https:// URL" }),
  region: z.string().default("us-east-1"),
  bucket: z.string().min(3),
  prefix: z.string().default(""),
  forcePathStyle: z.boolean().default(true),
  accessKeyId: z.string().min(1),
});
export const secretsSchema = z.object({ secretAccessKey: z.string().min(1) });

export type ExportsS3Config = z.output<typeof configSchema>;
export type ExportsS3Secrets = z.output<typeof secretsSchema>;
