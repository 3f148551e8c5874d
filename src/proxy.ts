import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, securityHeaders, servedOverHttps } from "~/server/security/headers";

/**
 * Every request (pages, API, static files): a fresh CSP nonce that Next.js puts on its scripts,
 * the security headers on the response, and the requested path for server layouts so a sign-in
 * redirect can come back to it.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const https = servedOverHttps(request.headers.get("x-forwarded-proto"));
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", https });
  const headers = new Headers(request.headers);
  headers.set("x-abi-path", request.nextUrl.pathname + request.nextUrl.search);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  for (const [k, v] of Object.entries(securityHeaders({ csp, https }))) response.headers.set(k, v);
  return response;
}

export const config = { matcher: ["/:path*"] };
