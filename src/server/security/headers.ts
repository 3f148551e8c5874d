/**
 * Security headers for every response. Scripts run only with the per-request nonce (Next.js
 * puts it on its own scripts when it sees it in the request's Content-Security-Policy);
 * 'strict-dynamic' lets those load the app's chunks. Styles allow inline: React and recharts set
 * style attributes, which a nonce cannot cover.
 */
export function contentSecurityPolicy(nonce: string, o: { dev: boolean; https: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${o.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src 'self'${o.dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(o.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function securityHeaders(o: { csp: string; https: boolean }): Record<string, string> {
  return {
    "content-security-policy": o.csp,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "cross-origin-opener-policy": "same-origin",
    ...(o.https ? { "strict-transport-security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

/**
 * HSTS only when the app is really served over https: its public URL says so, or (behind a
 * trusted reverse proxy) the proxy says the request came in over https.
 */
export function servedOverHttps(forwardedProto: string | null): boolean {
  if (process.env.NEXTAUTH_URL?.startsWith("https://")) return true;
  return process.env.ABI_TRUST_PROXY === "1" && forwardedProto?.split(",")[0]?.trim() === "https";
}
