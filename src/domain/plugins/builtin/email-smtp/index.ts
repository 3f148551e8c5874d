import { z } from "zod";
import { defineNotifierPlugin, plainText, type NotifierMessage } from "../../notifier-contract";
import { builtinManifest } from "../../packages/manifest";
import packageJson from "./package.json";
import { checkOutboundHost } from "../../../sources/shared/url-policy";

const emailList = z.array(z.email("a recipient is not an e-mail address")).max(50);

const configSchema = z.object({
  host: z.string().trim().min(1, "the SMTP host is required").max(253),
  port: z.number().int().min(1).max(65535).default(587),
  /** starttls: plain connect then STARTTLS (required); tls: TLS from the first byte (465); none: no encryption (tests, local relays). */
  security: z.enum(["starttls", "tls", "none"]).default("starttls"),
  from: z.email("the sender is not an e-mail address"),
  /** Recipients of a shared channel; a personal channel always mails its owner only. */
  to: emailList.default([]),
  /** PEM of a private CA that signed the server's certificate (else the system's CAs). */
  caPem: z.string().max(20_000).default(""),
});
const secretsSchema = z.object({ username: z.string().max(500).default(""), password: z.string().max(500).default("") });
type Config = z.infer<typeof configSchema>;
type Secrets = z.infer<typeof secretsSchema>;

// nodemailer is imported on the first send or test, not with the registry (every page, the CLI).
async function transport(config: Config, secrets: Partial<Secrets>) {
  const { default: nodemailer } = await import("nodemailer");
  return nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.security === "tls",
    requireTLS: config.security === "starttls",
    ignoreTLS: config.security === "none",
    auth: secrets.username ? { user: secrets.username, pass: secrets.password ?? "" } : undefined,
    tls: config.caPem ? { ca: config.caPem } : undefined,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function html(m: NotifierMessage): string {
  const rows = m.numbers.map((n) => `<tr><td style="padding:2px 12px 2px 0;color:#555">${escapeHtml(n.label)}</td><td style="padding:2px 0"><b>${escapeHtml(n.value)}</b></td></tr>`).join("");
  return `<p><b>${escapeHtml(m.event === "resolved" ? `Resolved: ${m.title}` : m.title)}</b></p>
<table>${rows}</table>
<p>Scope: ${escapeHtml(m.scope)}<br>Rule: ${escapeHtml(m.ruleName)}</p>
<p><a href="${escapeHtml(m.link)}">Open in ABI</a></p>`;
}

/** E-mail over SMTP with nodemailer: STARTTLS or implicit TLS, optional authentication. */
export const emailSmtpNotifier = defineNotifierPlugin({
  kind: "notifier",
  // The manifest is the package.json of this folder, as for any plugin package.
  manifest: builtinManifest(packageJson),
  configSchema,
  secretsSchema,
  hints: { security: "starttls (port 587), tls (port 465) or none", to: "recipients of a shared channel", caPem: "only for a server certificate signed by a private CA" },
  personal: true,
  example: { config: { host: "smtp.example.com", port: 587, security: "starttls", from: "abi@example.com", to: ["finops@example.com"] }, secrets: { username: "abi", password: "secret" } },
  async send(ctx, message) {
    const to = message.recipients ?? ctx.config.to;
    if (to.length === 0) throw new Error("the e-mail channel has no recipient");
    // The host is typed by a person: the URL policy keeps it off link-local and metadata addresses.
    await checkOutboundHost(ctx.config.host, "The SMTP host");
    const subject = `[ABI] ${message.event === "resolved" ? "Resolved: " : ""}${message.title}`;
    const info = await (await transport(ctx.config, ctx.secrets)).sendMail({
      from: ctx.config.from, to, subject, text: plainText(message), html: html(message),
      attachments: message.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content) })),
    });
    return { detail: `accepted by ${ctx.config.host} for ${info.accepted.length} recipient(s)` };
  },
  async testConnection(config, secrets) {
    const started = performance.now();
    try {
      await checkOutboundHost(config.host, "The SMTP host");
      await (await transport(config, secrets)).verify();
      return [{ step: "connect and sign in", ok: true, message: `${config.host}:${config.port} accepted the connection${secrets.username ? " and the sign-in" : ""}`, latencyMs: Math.round(performance.now() - started) }];
    } catch (e) {
      return [{ step: "connect and sign in", ok: false, message: (e as Error).message, latencyMs: Math.round(performance.now() - started) }];
    }
  },
  migrateConfig: (_from, config) => config,
});
