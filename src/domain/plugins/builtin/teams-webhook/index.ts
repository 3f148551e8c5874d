import { z } from "zod";
import { defineNotifierPlugin, testMessage, type NotifierMessage } from "../../notifier-contract";
import { postJson, postStep } from "../notifier-http";
import { builtinManifest } from "../../packages/manifest";
import packageJson from "./package.json";

const secretsSchema = z.object({ webhookUrl: z.url("the Teams webhook URL is not a URL").max(2000) });

/** A message carrying one Adaptive Card (what Teams incoming webhooks and Workflows accept). */
export function teamsBody(m: NotifierMessage) {
  const title = m.event === "resolved" ? `Resolved: ${m.title}` : m.title;
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", text: title, weight: "Bolder", size: "Medium", wrap: true },
            { type: "FactSet", facts: m.numbers.map((n) => ({ title: n.label, value: n.value })) },
            { type: "TextBlock", text: `Scope: ${m.scope} · Rule: ${m.ruleName}`, isSubtle: true, wrap: true },
          ],
          actions: [{ type: "Action.OpenUrl", title: "Open in ABI", url: m.link }],
        },
      },
    ],
  };
}

/** Microsoft Teams incoming webhook (or a Workflows "post to a channel" URL). */
export const teamsWebhookNotifier = defineNotifierPlugin({
  kind: "notifier",
  // The manifest is the package.json of this folder, as for any plugin package.
  manifest: builtinManifest(packageJson),
  configSchema: z.object({}).strict(),
  secretsSchema,
  hints: { webhookUrl: "the incoming webhook (or Workflows) URL of the channel" },
  personal: false,
  example: { config: {}, secrets: { webhookUrl: "https://example.webhook.office.com/webhookb2/xxxx" } },
  async send(ctx, message) {
    if (!ctx.secrets.webhookUrl) throw new Error("the Teams channel has no webhook URL");
    return { detail: await postJson(ctx.secrets.webhookUrl, JSON.stringify(teamsBody(message)), {}, ctx.signal) };
  },
  testConnection: async (_config, secrets) =>
    secrets.webhookUrl
      ? postStep("post a test message", () => postJson(secrets.webhookUrl!, JSON.stringify(teamsBody(testMessage("https://example.invalid")))))
      : [{ step: "post a test message", ok: false, message: "Enter the webhook URL", latencyMs: 0 }],
  migrateConfig: (_from, config) => config,
});
