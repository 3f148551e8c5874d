/**
 * The SDK's HTTP(S) download: streams one URL to a file. The URL policy of S3 endpoints applies
 * (http/https only, no user info, no link-local or cloud-metadata address, checked again at connect
 * time against DNS rebinding). Redirects are not followed: a plugin asks for the final URL.
 */
import http from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
import { checkS3Endpoint, guardedLookup, UrlRefusedError } from "../../sources/shared/url-policy";
import { BadCredentialsError, EndpointUnreachableError, InvalidSourceRequestError, SourceServerError } from "../../sources/shared/errors";
import { streamToFile } from "../../sources/shared/stream-to-file";

export async function checkHttpUrl(raw: string): Promise<URL> {
  try {
    return await checkS3Endpoint(raw);
  } catch (err) {
    if (err instanceof UrlRefusedError) throw new UrlRefusedError(err.message.replace(/The S3 endpoint/g, "The URL"));
    throw err;
  }
}

export type DownloadResult = { path: string; bytes: number; sha256: string; status: number };

/** A 404 answers `{ notFound: true }` instead of throwing, so a plugin can skip a missing file. */
export async function downloadToFile(
  url: string,
  filePath: string,
  opts: { headers?: Record<string, string>; signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<DownloadResult | { notFound: true; status: 404 }> {
  const u = await checkHttpUrl(url);
  const get = u.protocol === "https:" ? https.get : http.get;
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = get(u, { headers: opts.headers, lookup: guardedLookup, signal: opts.signal, timeout: opts.timeoutMs ?? 60_000 }, resolve);
    req.on("timeout", () => req.destroy(new EndpointUnreachableError(`${u.host} did not answer in time`)));
    req.on("error", (e) => reject(e instanceof EndpointUnreachableError || e instanceof UrlRefusedError ? e : new EndpointUnreachableError(`${u.host} could not be reached: ${e.message}`, { cause: e })));
  });
  const status = res.statusCode ?? 0;
  if (status === 404) {
    res.resume();
    return { notFound: true, status: 404 };
  }
  if (status < 200 || status >= 300) {
    res.resume();
    const where = `${u.host}${u.pathname}`;
    if (status === 401 || status === 403) throw new BadCredentialsError(`${where} refused the request (HTTP ${status}); check the token`, { status });
    if (status >= 500) throw new SourceServerError(`${where} failed (HTTP ${status})`, { status });
    throw new InvalidSourceRequestError(`${where} answered HTTP ${status}`, { status });
  }
  const stored = await streamToFile(res as Readable, filePath, { signal: opts.signal });
  return { ...stored, status };
}
