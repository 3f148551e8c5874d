import { z } from "zod";
import { EnvError } from "~/domain/runtime/env";

const positiveInt = (fallback: number) =>
  z.preprocess((v) => (v === "" || v === undefined ? undefined : Number(v)), z.number().int("must be a whole number").positive("must be above 0").default(fallback));

/** Sign-in throttling and request rate limits; every value can be set by env (README, "Environment"). */
const limitsSchema = z.object({
  ABI_SIGNIN_MAX_FAILURES: positiveInt(5),
  ABI_SIGNIN_LOCKOUT_SECONDS: positiveInt(60),
  ABI_SIGNIN_LOCKOUT_MAX_SECONDS: positiveInt(3600),
  ABI_SIGNIN_IP_MAX_FAILURES: positiveInt(30),
  ABI_SIGNIN_IP_WINDOW_SECONDS: positiveInt(900),
  ABI_RATE_API_USER_PER_MINUTE: positiveInt(600),
  ABI_RATE_API_IP_PER_MINUTE: positiveInt(1200),
  ABI_RATE_UPLOADS_PER_HOUR: positiveInt(60),
  ABI_RATE_EXPORTS_PER_MINUTE: positiveInt(10),
  ABI_PDF_CONCURRENCY: positiveInt(2),
  ABI_PDF_QUEUE: positiveInt(4),
});

export type LimitsConfig = z.infer<typeof limitsSchema>;

export function parseLimits(source: Record<string, string | undefined> = process.env): LimitsConfig {
  const parsed = limitsSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EnvError(String(issue.path[0] ?? "?"), issue.message);
  }
  return parsed.data;
}
