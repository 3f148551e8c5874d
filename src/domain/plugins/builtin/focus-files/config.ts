import { z } from "zod";
import { s3LocationFields } from "../../shared/s3-location";

/** How the objects of one billing month are found under the prefix. */
export const MONTH_LAYOUTS = ["month-folder", "billing-period-column"] as const;
/** "auto": metadata next to the file, else its header, decides (docs/focus-versions.md). */
export const FOCUS_VERSION_CHOICES = ["auto", "1.0", "1.1", "1.2", "1.3"] as const;

export const configSchema = z.object({
  ...s3LocationFields,
  monthLayout: z.enum(MONTH_LAYOUTS).default("month-folder"),
  focusVersion: z.enum(FOCUS_VERSION_CHOICES).default("auto"),
});
export const secretsSchema = z.object({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1) });

export type FocusFilesConfig = z.output<typeof configSchema>;
export type FocusFilesSecrets = z.output<typeof secretsSchema>;
