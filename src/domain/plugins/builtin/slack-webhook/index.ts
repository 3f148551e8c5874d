import { z } from "zod";
import { defineNotifierPlugin, plainText, testMessage, type NotifierMessage } from "../../notifier-contract";
import { postJson, postStep } from "../notifier-http";
import { builtinManifest } from "../../packages/manifest";
import packageJson from "./package.json";

const secretsSchema = z.object({ webhookUrl: z.url("the Slack webhook URL is not a URL").max(2000) });

/** Slack Block Kit: a header, the numbers as fields, the scope and a button back to ABI. */
export function slackBody(m: NotifierMessage) {
  const title = m.event === "resolved" ? `Resolved: ${m.title}` : m.title;
  return {
    text: plainText(m),
    blocks: [
      { type: "header", text: { type: "plain_text", text: title.slice(0, 150) } },
      ...(m.numbers.length ? [{ type: "section", fields: m.numbers.slice(0, 10).map((n) => ({ type: "mrkdwn", text: `*${n.label}*\n${n.value}` })) }] : []),
      { type: "context", elements: [{ type: "mrkdwn", text: `Scope: ${m.scope} · Rule: ${m.ruleName}` }] },
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open in ABI" }, url: m.link }] },
    ],
  };
}

/** Slack incoming webhook (the URL carries the token, so it is a secret). */
export const slackWebhookNotifier = defineNotifierPlugin({
  kind: "notifier",
  // The manifest is the package.json of this folder, as for any plugin package.
  manifest: builtinManifest(packageJson),
  configSchema: z.object({}).strict(),
  secretsSchema,
  hints: { webhookUrl: "https://hooks.slack.com/services/…" },
  personal: false,
  example: { config: {}, secrets: { webhookUrl: "https://hooks.slack.com/services/T000/B000/XXXX" } },
  async send(ctx, message) {
    if (!ctx.secrets.webhookUrl) throw new Error("the Slack channel has no webhook URL");
    return { detail: await postJson(ctx.secrets.webhookUrl, JSON.stringify(slackBody(message)), {}, ctx.signal) };
  },
  testConnection: async (_config, secrets) =>
    secrets.webhookUrl
      ? postStep("post a test message", () => postJson(secrets.webhookUrl!, JSON.stringify(slackBody(testMessage("https://example.invalid")))))
      : [{ step: "post a test message", ok: false, message: "Enter the webhook URL", latencyMs: 0 }],
  migrateConfig: (_from, config) => config,
});
