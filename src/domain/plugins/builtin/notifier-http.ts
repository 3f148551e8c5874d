/**
 * Posting JSON to a webhook for the notifier built-ins: http(s) only, no link-local or cloud
 * metadata address (the channel's URL is typed by an admin but must not reach the metadata
 * service), a timeout, and a refusal that names the HTTP status.
 */
import { isLinkLocalOrMetadata } from "../../sources/shared/url-policy";
import { UrlRefusedError } from "../../sources/shared/url-policy";
import type { ConnectionStep } from "../contract";

const TIMEOUT_MS = 15_000;

export function checkWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UrlRefusedError("The webhook URL is not a valid URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new UrlRefusedError("The webhook URL must start with http:// or https://");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (host === "metadata.google.internal" || isLinkLocalOrMetadata(host)) throw new UrlRefusedError("The webhook URL points at a link-local or cloud metadata address");
  return url;
}

/** POSTs `body` and returns "HTTP 200"; throws with the status and the start of the answer otherwise. */
export async function postJson(rawUrl: string, body: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<string> {
  const url = checkWebhookUrl(rawUrl);
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    redirect: "error",
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  }).catch((e: unknown) => {
    throw new Error(`could not reach ${url.host}: ${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}`);
  });
  const text = await res.text().catch(() => "");
  if (!res.ok) throw new Error(`${url.host} answered HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`);
  return `HTTP ${res.status}`;
}

/** "Test connection" of a webhook notifier: post its test message. */
export async function postStep(step: string, post: () => Promise<string>): Promise<ConnectionStep[]> {
  const started = performance.now();
  try {
    const detail = await post();
    return [{ step, ok: true, message: `Test message accepted (${detail})`, latencyMs: Math.round(performance.now() - started) }];
  } catch (e) {
    return [{ step, ok: false, message: (e as Error).message, latencyMs: Math.round(performance.now() - started) }];
  }
}
