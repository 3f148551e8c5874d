/**
 * The notifier contract (issue 13, item 2): a plugin of kind "notifier" tells people about an
 * alert over one channel (e-mail, Slack, Teams, a signed webhook). It lives in the same registry
 * as the source plugins (registry.ts, registry-store.ts); a channel is one configured use of it
 * (table notification_channels: config JSON + encrypted secrets).
 */
import type { z } from "zod";
import type { ConnectionStep, PluginManifest } from "./contract";

/** What every channel is told; the plugin decides the format (mail, Slack blocks, Teams card, JSON). */
export type NotifierMessage = {
  /** "report": a scheduled report or the weekly digest (docs/reports.md). */
  event: "opened" | "resolved" | "test" | "report";
  alertId: string;
  ruleName: string;
  /** One line: the subject of a mail, the heading of a card. */
  title: string;
  /** The numbers behind the alert, formatted, in order: [{ label: "Actual", value: "1,234.00 EUR" }]. */
  numbers: { label: string; value: string }[];
  /** The billing scope the numbers are computed in, as a person reads it. */
  scope: string;
  /** Absolute URL of the page to open. */
  link: string;
  /** ISO time of the event. */
  at: string;
  /** E-mail only: where a personal channel sends (its owner), overriding the configured recipients. */
  recipients?: string[];
  /** E-mail only: files attached to the message (a scheduled report's PDF, XLSX or CSV). */
  attachments?: NotifierAttachment[];
};

export type NotifierAttachment = { filename: string; contentType: string; content: Uint8Array };

export type NotifierContext<C, S> = { config: C; secrets: Partial<S>; signal?: AbortSignal };

export type NotifierPlugin<C extends Record<string, unknown> = Record<string, unknown>, S extends Record<string, string> = Record<string, string>> = {
  kind: "notifier";
  manifest: PluginManifest;
  configSchema: z.ZodType<C>;
  /** Secret settings (passwords, webhook URLs carrying tokens, signing keys): stored encrypted, never sent back. */
  secretsSchema: z.ZodType<S>;
  hints?: Record<string, string>;
  /** It reaches one person (e-mail): an analyst may make a personal channel of it, sent only to themselves. */
  personal: boolean;
  example: { config: Record<string, unknown>; secrets: Record<string, string> };
  /** Delivers one message; throws (with a message a person understands) when the channel refused it, so the delivery is retried. */
  send(ctx: NotifierContext<C, S>, message: NotifierMessage): Promise<{ detail: string }>;
  /** "Test connection": reach the server (SMTP) or post a test message (webhooks); never throws. */
  testConnection(config: C, secrets: Partial<S>, opts?: { signal?: AbortSignal }): Promise<ConnectionStep[]>;
  migrateConfig(fromVersion: string, config: Record<string, unknown>): Record<string, unknown>;
};

export function defineNotifierPlugin<C extends Record<string, unknown>, S extends Record<string, string>>(p: NotifierPlugin<C, S>): NotifierPlugin {
  return p as unknown as NotifierPlugin;
}

/** A test message, for "Test connection" of the webhook notifiers. */
export function testMessage(link: string): NotifierMessage {
  return { event: "test", alertId: "test", ruleName: "Test", title: "ABI test message", numbers: [], scope: "—", link, at: new Date().toISOString() };
}

/** The plain-text body every notifier can use. */
export function plainText(m: NotifierMessage): string {
  const head = m.event === "resolved" ? `Resolved: ${m.title}` : m.title;
  const lines = [head, "", ...m.numbers.map((n) => `${n.label}: ${n.value}`), `Scope: ${m.scope}`, `Rule: ${m.ruleName}`, "", `Open in ABI: ${m.link}`];
  return lines.join("\n");
}
