const BASE = "http://abi.invalid";

/** "/" followed by anything but "/" or "\" (browsers read "\" as "/", so "/\host" is "//host"). */
const isLocalPath = (s: string) => s.startsWith("/") && !/^\/[\\/]/.test(s) && !/[\\\u0000-\u001f\u007f]/.test(s);

/**
 * Where to send the browser after sign-in: a path on this site, never another host. Hostile values
 * (schemes, "//host", "/\host", their percent-encoded forms, control characters) become "/".
 */
export function safeCallbackPath(raw: unknown): string {
  if (typeof raw !== "string" || raw.length > 2000) return "/";
  // every decoding of the value must still be a local path (the browser or a proxy may decode it)
  let s = raw;
  for (let i = 0; i < 4; i++) {
    if (!isLocalPath(s)) return "/";
    let decoded: string;
    try {
      decoded = decodeURIComponent(s);
    } catch {
      return "/";
    }
    if (decoded === s) break;
    s = decoded;
  }
  const url = new URL(raw, BASE);
  if (url.origin !== BASE) return "/";
  return url.pathname + url.search + url.hash;
}

/** next-auth's redirect callback: same-origin absolute URLs and local paths; anything else goes home. */
export function safeRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  let path = url;
  try {
    const abs = new URL(url);
    if (abs.origin !== new URL(baseUrl).origin) return new URL("/", baseUrl).toString();
    path = abs.pathname + abs.search + abs.hash;
  } catch {
    // not absolute: a path
  }
  return new URL(safeCallbackPath(path), baseUrl).toString();
}
