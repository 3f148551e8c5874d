/**
 * An S3 client's error in plain words. The SDK's errors carry the server's code (name), the HTTP
 * status, or a Node network/TLS code on the error or its cause; each maps to what a person fixes.
 */
export type StorageProblem = "wrong-secret" | "no-such-bucket" | "unreachable" | "tls" | "clock-skew" | "access-denied" | "other";

const codesOf = (err: unknown): string[] => {
  const out: string[] = [];
  for (let e = err as { name?: string; code?: string; Code?: string; cause?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) {
    for (const c of [e.name, e.code, e.Code]) if (typeof c === "string") out.push(c);
  }
  return out;
};

const TLS_CODES = /^(CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|ERR_TLS_|ERR_SSL_|EPROTO$)/;
const NET_CODES = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "TimeoutError", "RequestTimeout"];

export function storageProblem(err: unknown): { problem: StorageProblem; message: string } {
  const codes = codesOf(err);
  const has = (...c: string[]) => codes.some((x) => c.includes(x));
  const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  const text = err instanceof Error ? err.message : String(err);
  if (has("SignatureDoesNotMatch", "InvalidAccessKeyId", "InvalidSecretAccessKey"))
    return { problem: "wrong-secret", message: "The server refused the credentials: check the access key and the secret key" };
  if (has("NoSuchBucket")) return { problem: "no-such-bucket", message: "The bucket does not exist on this server (use Create bucket)" };
  if (has("RequestTimeTooSkewed"))
    return { problem: "clock-skew", message: "This server's clock and the storage server's clock differ by more than 15 minutes: fix the time (NTP) on one of them" };
  if (codes.some((c) => TLS_CODES.test(c)) || /certificate|self[- ]signed|SSL routines|TLS/i.test(text))
    return { problem: "tls", message: "The TLS connection failed: the server's certificate is not trusted (self-signed?) or it does not speak https; fix the certificate or turn TLS verification off" };
  if (has(...NET_CODES) || /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|socket hang up|timed? ?out/i.test(text))
    return { problem: "unreachable", message: `The storage endpoint cannot be reached (${networkDetail(codes, text)}): check the address, the port and the firewall` };
  if (has("AccessDenied", "Forbidden") || status === 403)
    return { problem: "access-denied", message: "The credentials are valid but may not do this on the bucket (access denied): check the key's policy" };
  if (has("NotFound") || status === 404) return { problem: "no-such-bucket", message: "The bucket does not exist on this server (use Create bucket)" };
  return { problem: "other", message: `The storage server answered with an error: ${text.slice(0, 200)}` };
}

function networkDetail(codes: string[], text: string): string {
  if (codes.includes("ECONNREFUSED") || /ECONNREFUSED/.test(text)) return "connection refused";
  if (codes.includes("ENOTFOUND") || codes.includes("EAI_AGAIN") || /ENOTFOUND|EAI_AGAIN/.test(text)) return "the host name does not resolve";
  if (codes.some((c) => /TIMEDOUT|Timeout/i.test(c)) || /time/i.test(text)) return "no answer in time";
  return "the connection failed";
}
