import { isIP } from "node:net";
import { env, trustsProxy } from "~/domain/runtime/env";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(h: HeaderSource, name: string): string | undefined {
  if (h instanceof Headers) return h.get(name) ?? undefined;
  const v = h[name];
  return Array.isArray(v) ? v.join(",") : v;
}

/**
 * The client's address for the audit log and rate limits, or null when it cannot be known.
 *
 * App Router handlers never see the socket. Next.js copies the socket address into
 * X-Forwarded-For only when the request has none, so a client can write any address there:
 * the header is believed only with ABI_TRUST_PROXY=1 (ABI behind a reverse proxy that appends
 * the address it saw). Then the last entry is the one our proxy added; entries before it are
 * whatever the client claimed. X-Real-IP is the fallback some proxies send instead.
 */
export function clientAddress(headers: HeaderSource, trustProxy = trustsProxy(env())): string | null {
  if (!trustProxy) return null;
  const forwarded = header(headers, "x-forwarded-for")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const candidate = forwarded?.length ? forwarded[forwarded.length - 1]! : header(headers, "x-real-ip")?.trim();
  const bare = candidate?.replace(/^\[(.*)\]$/, "$1").replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");
  return bare && isIP(bare) ? bare : null;
}

export function userAgent(headers: HeaderSource): string | null {
  return header(headers, "user-agent")?.slice(0, 300) ?? null;
}
