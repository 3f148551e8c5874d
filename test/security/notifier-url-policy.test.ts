import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findNotifierPlugin } from "~/domain/plugins/registry";
import { checkOutboundHost, UrlRefusedError } from "~/domain/sources/shared/url-policy";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

/**
 * Security review 2 (docs/security-review-2.md, S2/S3): the addresses a channel's admin or analyst
 * types (webhook URL, SMTP host) go through the URL policy: cloud metadata names and link-local
 * addresses are refused before any connection, by name and by what the name resolves to.
 */
const plugin = (id: string) => findNotifierPlugin(id)!;
let receiver: WebhookReceiver;

beforeAll(async () => {
  delete process.env.ABI_ALLOW_LINK_LOCAL_ENDPOINTS;
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});

describe("notifier channels and the URL policy", () => {
  it.each(["http://metadata.azure.internal/metadata/instance", "http://instance-data/latest/meta-data/", "http://[::ffff:169.254.169.254]/latest"])(
    "a webhook at %s is refused as a metadata or link-local address",
    async (url) => {
      const steps = await plugin("slack-webhook").testConnection({}, { webhookUrl: url });
      expect(steps[0]!.ok).toBe(false);
      expect(steps[0]!.message).toMatch(/The webhook URL .*(cloud metadata|link-local)/);
    },
  );

  it("a webhook whose host name resolves to a link-local address is refused (the policy's DNS check)", async () => {
    const resolve = async () => [{ address: "169.254.169.254" }];
    await expect(checkOutboundHost("hooks.attacker.test", "The webhook URL", resolve)).rejects.toThrow(UrlRefusedError);
    await expect(checkOutboundHost("hooks.example.test", "The webhook URL", async () => [{ address: "203.0.113.7" }])).resolves.toBeUndefined();
  });

  it("a webhook on an ordinary host is still posted to (no redirects followed)", async () => {
    const steps = await plugin("slack-webhook").testConnection({}, { webhookUrl: `${receiver.url}/slack` });
    expect(steps[0]).toMatchObject({ ok: true });
  });

  it.each(["169.254.169.254", "metadata.google.internal"])("an SMTP host %s is refused before connecting", async (host) => {
    const p = plugin("email-smtp");
    const config = p.configSchema.parse({ host, port: 25, security: "none", from: "abi@example.com", to: ["a@example.com"] });
    const started = Date.now();
    const steps = await p.testConnection(config, { username: "u", password: "smtp-password-xyz" });
    expect(steps[0]!.ok).toBe(false);
    expect(steps[0]!.message).toMatch(/The SMTP host .*(cloud metadata|link-local)/);
    expect(steps[0]!.message).not.toContain("smtp-password-xyz");
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(p.send({ config, secrets: {} }, { event: "opened", alertId: "a", ruleName: "r", title: "t", numbers: [], scope: "s", link: "https://x.test", at: new Date().toISOString() })).rejects.toThrow(/link-local|metadata/);
  });
});
