/**
 * The client's address for rate limits and the audit log. Route handlers get no socket, so it
 * comes from X-Forwarded-For, which `next start` fills from the socket. Without ABI_TRUST_PROXY=1,
 * scripts/socket-address.mjs first replaces any X-Forwarded-For / X-Real-IP a client sent with the
 * socket address, so a client cannot choose its own key. With ABI_TRUST_PROXY=1 the reverse proxy
 * in front is trusted: X-Real-IP, else the last X-Forwarded-For entry (the address it saw).
 */
export function clientAddress(header: (name: string) => string | null | undefined): string {
  if (process.env.ABI_TRUST_PROXY === "1") {
    const real = header("x-real-ip")?.trim();
    if (real) return real;
  }
  const forwarded = header("x-forwarded-for")?.split(",").map((s) => s.trim()).filter(Boolean);
  return forwarded?.at(-1) ?? "unknown";
}

/** The User-Agent header, clipped: it is stored in the audit log and comes from the client. */
export function userAgent(header: (name: string) => string | null | undefined): string | null {
  return header("user-agent")?.slice(0, 300) ?? null;
}
