import { z } from "zod";
import { s3LocationFields } from "../../shared/s3-location";

export const configSchema = z.object({
  ...s3LocationFields,
  accessKeyId: z.string().min(1),
});
export const secretsSchema = z.object({ secretAccessKey: z.string().min(1) });

export type ExportsS3Config = z.output<typeof configSchema>;
export type ExportsS3Secrets = z.output<typeof secretsSchema>;
