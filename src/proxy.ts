import { NextResponse, type NextRequest } from "next/server";

/** Hands the requested path to server layouts so a sign-in redirect can come back to it. */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-abi-path", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

// Static files from public/ (logo, favicon) never need a session, so they skip the proxy.
export const config = { matcher: ["/((?!api|_next|signin|favicon.ico|.*\\.(?:svg|ico|png|txt)$).*)"] };
