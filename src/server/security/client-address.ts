/**
 * The client's address for rate limits and the audit log. Route handlers get no socket, so it
 * comes from X-Forwarded-For, which `next start` fills from the socket. Without ABI_TRUST_PROXY=1,
 * scripts/socket-address.mjs first replaces any X-Forwarded-For / X-Real-IP a client sent with the
 * socket address, so a client cannot choose its own key. With ABI_TRUST_PROXY=1 the reverse proxy
 * in front is trusted: the last X-Forwarded-For entry (the one it appended), else X-Real-IP.
 * X-Forwarded-For comes first because every common proxy appends to it, while some (Caddy,
 * HAProxy, cloud load balancers) pass a client's own X-Real-IP through untouched.
 */
export function clientAddress(header: (name: string) => string | null | undefined): string {
  const forwarded = header("x-forwarded-for")?.split(",").map((s) => s.trim()).filter(Boolean);
  if (forwarded?.length) return forwarded.at(-1)!;
  if (process.env.ABI_TRUST_PROXY === "1") {
    const real = header("x-real-ip")?.trim();
    if (real) return real;
  }
  return "unknown";
}

/** The User-Agent header, clipped: it is stored in the audit log and comes from the client. */
export function userAgent(header: (name: string) => string | null | undefined): string | null {
  return header("user-agent")?.slice(0, 300) ?? null;
}
