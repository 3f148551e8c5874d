import crypto from "node:crypto";
import { z } from "zod";
import { defineNotifierPlugin, testMessage, type NotifierMessage } from "../../notifier-contract";
import { postJson, postStep } from "../notifier-http";
import { builtinManifest } from "../../packages/manifest";
import packageJson from "./package.json";

export const TIMESTAMP_HEADER = "X-ABI-Timestamp";
export const SIGNATURE_HEADER = "X-ABI-Signature";

/**
 * The signature receivers check (docs/alerts.md#signed-webhook): HMAC-SHA256 with the shared
 * secret over `<timestamp>.<raw body>`, hex, prefixed "v1=". The timestamp (Unix seconds) lets a
 * receiver refuse replays older than a few minutes.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

function post(url: string, secret: string, m: NotifierMessage, signal?: AbortSignal) {
  const body = JSON.stringify({ type: `alert.${m.event}`, ...m });
  const ts = Math.floor(Date.now() / 1000);
  return postJson(url, body, { [TIMESTAMP_HEADER]: String(ts), [SIGNATURE_HEADER]: signWebhook(secret, ts, body) }, signal);
}

/** Any HTTP endpoint: the alert as JSON, signed with HMAC-SHA256. */
export const signedWebhookNotifier = defineNotifierPlugin({
  kind: "notifier",
  // The manifest is the package.json of this folder, as for any plugin package.
  manifest: builtinManifest(packageJson),
  configSchema: z.object({ url: z.url("the webhook URL is not a URL").max(2000) }),
  secretsSchema: z.object({ signingSecret: z.string().min(16, "the signing secret needs at least 16 characters").max(500) }),
  hints: { signingSecret: "shared with the receiver; e.g. openssl rand -hex 32" },
  personal: false,
  example: { config: { url: "https://hooks.example.com/abi" }, secrets: { signingSecret: "0123456789abcdef0123456789abcdef" } },
  async send(ctx, message) {
    if (!ctx.secrets.signingSecret) throw new Error("the webhook channel has no signing secret");
    return { detail: await post(ctx.config.url, ctx.secrets.signingSecret, message, ctx.signal) };
  },
  testConnection: async (config, secrets) =>
    secrets.signingSecret
      ? postStep("post a signed test message", () => post(config.url, secrets.signingSecret!, testMessage(config.url)))
      : [{ step: "post a signed test message", ok: false, message: "Enter the signing secret", latencyMs: 0 }],
  migrateConfig: (_from, config) => config,
});
