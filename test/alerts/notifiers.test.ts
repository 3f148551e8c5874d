import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findNotifierPlugin, notifierPlugins } from "~/domain/plugins/registry";
import type { NotifierMessage } from "~/domain/plugins/notifier-contract";
import { startSmtpServer, type SmtpTestServer } from "../support/smtp-test-server";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

/** The four built-in notifiers against real servers: an SMTP server with STARTTLS + auth, and an HTTP receiver. */
const message: NotifierMessage = {
  event: "opened",
  alertId: "a-1",
  ruleName: "Prod at 80 %",
  title: 'Budget "Prod": spend at 84.2 % (threshold 80 %)',
  numbers: [{ label: "Actual", value: "842.00 EUR" }, { label: "Budget", value: "1000.00 EUR" }],
  scope: "sub account sub-b",
  link: "https://abi.example.com/budgets?budget=b-1",
  at: "2026-03-01T00:00:00.000Z",
};

let smtp: SmtpTestServer;
let receiver: WebhookReceiver;
const plugin = (id: string) => findNotifierPlugin(id)!;

beforeAll(async () => {
  smtp = await startSmtpServer();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await smtp.close();
  await receiver.close();
});

describe("notifier plugins", () => {
  it("are registered with kind notifier and valid examples", () => {
    expect(notifierPlugins().map((p) => p.manifest.id).sort()).toEqual(["email-smtp", "signed-webhook", "slack-webhook", "teams-webhook"]);
    for (const p of notifierPlugins()) {
      expect(p.kind).toBe("notifier");
      expect(p.configSchema.safeParse(p.example.config).success).toBe(true);
      expect(p.secretsSchema.safeParse(p.example.secrets).success).toBe(true);
    }
  });

  it("e-mail: STARTTLS, signs in, reaches the recipient with the subject, numbers, scope and link", async () => {
    const p = plugin("email-smtp");
    const config = p.configSchema.parse({ host: "localhost", port: smtp.port, security: "starttls", from: "abi@example.com", to: ["finops@example.com"], caPem: smtp.ca });
    const secrets = { username: smtp.user, password: smtp.password };
    expect((await p.testConnection(config, secrets))[0]!.ok).toBe(true);
    await p.send({ config, secrets }, message);
    const mail = smtp.mails.at(-1)!;
    expect(mail.to).toEqual(["finops@example.com"]);
    expect(mail.from).toBe("abi@example.com");
    expect(mail.secure).toBe(true); // upgraded with STARTTLS before the message
    expect(mail.user).toBe(smtp.user);
    expect(mail.subject).toBe('[ABI] Budget "Prod": spend at 84.2 % (threshold 80 %)');
    expect(mail.text).toContain("Actual: 842.00 EUR");
    expect(mail.text).toContain("Budget: 1000.00 EUR");
    expect(mail.text).toContain("Scope: sub account sub-b");
    expect(mail.text).toContain("https://abi.example.com/budgets?budget=b-1");
  });

  it("e-mail: a personal channel mails only the given recipient", async () => {
    const p = plugin("email-smtp");
    const config = p.configSchema.parse({ host: "localhost", port: smtp.port, from: "abi@example.com", to: ["everyone@example.com"], caPem: smtp.ca });
    await p.send({ config, secrets: { username: smtp.user, password: smtp.password } }, { ...message, recipients: ["analyst@example.com"] });
    expect(smtp.mails.at(-1)!.to).toEqual(["analyst@example.com"]);
  });

  it("e-mail: a wrong password and an untrusted certificate fail with the server's reason", async () => {
    const p = plugin("email-smtp");
    const good = p.configSchema.parse({ host: "localhost", port: smtp.port, from: "abi@example.com", to: ["x@example.com"], caPem: smtp.ca });
    await expect(p.send({ config: good, secrets: { username: smtp.user, password: "wrong" } }, message)).rejects.toThrow(/Invalid username or password/);
    const untrusted = p.configSchema.parse({ host: "localhost", port: smtp.port, from: "abi@example.com", to: ["x@example.com"] });
    const steps = await p.testConnection(untrusted, { username: smtp.user, password: smtp.password });
    expect(steps[0]!.ok).toBe(false);
    expect(steps[0]!.message).toMatch(/certificate/i);
  });

  it("Slack: posts Block Kit with the numbers and a button to the page", async () => {
    await plugin("slack-webhook").send({ config: {}, secrets: { webhookUrl: `${receiver.url}/slack` } }, message);
    const req = receiver.requests.at(-1)!;
    expect(req.path).toBe("/slack");
    const body = JSON.parse(req.body);
    expect(body.blocks[0].text.text).toBe(message.title);
    expect(body.blocks[1].fields.map((f: { text: string }) => f.text)).toEqual(["*Actual*\n842.00 EUR", "*Budget*\n1000.00 EUR"]);
    expect(JSON.stringify(body.blocks)).toContain("sub account sub-b");
    expect(body.blocks.at(-1).elements[0].url).toBe(message.link);
  });

  it("Teams: posts a message with one Adaptive Card (facts and an Open URL action)", async () => {
    await plugin("teams-webhook").send({ config: {}, secrets: { webhookUrl: `${receiver.url}/teams` } }, message);
    const body = JSON.parse(receiver.requests.at(-1)!.body);
    expect(body.type).toBe("message");
    const card = body.attachments[0];
    expect(card.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card.content.type).toBe("AdaptiveCard");
    expect(card.content.body[1].facts).toEqual([{ title: "Actual", value: "842.00 EUR" }, { title: "Budget", value: "1000.00 EUR" }]);
    expect(card.content.actions[0]).toEqual({ type: "Action.OpenUrl", title: "Open in ABI", url: message.link });
  });

  it("signed webhook: the receiver verifies HMAC-SHA256 over timestamp.body with the shared secret", async () => {
    const secret = "receiver-shared-secret-0123456789";
    await plugin("signed-webhook").send({ config: { url: `${receiver.url}/hook` }, secrets: { signingSecret: secret } }, message);
    const req = receiver.requests.at(-1)!;
    const ts = String(req.headers["x-abi-timestamp"]);
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60);
    const expected = `v1=${crypto.createHmac("sha256", secret).update(`${ts}.${req.body}`).digest("hex")}`;
    expect(req.headers["x-abi-signature"]).toBe(expected);
    const wrong = `v1=${crypto.createHmac("sha256", "another-secret").update(`${ts}.${req.body}`).digest("hex")}`;
    expect(req.headers["x-abi-signature"]).not.toBe(wrong);
    const body = JSON.parse(req.body);
    expect(body.type).toBe("alert.opened");
    expect(body.numbers).toEqual(message.numbers);
  });

  it("webhooks refuse cloud metadata addresses and name the status of a failing receiver", async () => {
    await expect(plugin("signed-webhook").send({ config: { url: "http://169.254.169.254/latest" }, secrets: { signingSecret: "x".repeat(20) } }, message)).rejects.toThrow(/metadata/);
    const failing = await startWebhookReceiver(1);
    await expect(plugin("slack-webhook").send({ config: {}, secrets: { webhookUrl: failing.url } }, message)).rejects.toThrow(/HTTP 500/);
    await failing.close();
  });
});
