/**
 * What the channels page's edit form relies on (PGlite): an edit changes the config and name, a
 * secret left empty keeps the stored one unless the channel's address changes, a typed secret replaces it, the kind cannot change, no
 * answer carries the secret, and each edit is audited with whether secrets changed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { auditLog, notificationChannels } from "~/domain/db/schema";
import { decryptSecrets } from "~/domain/sources/secrets";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";
import { adminCaller } from "../helpers/admin-caller";

let rt: Runtime;
let admin: Awaited<ReturnType<typeof adminCaller>>;
beforeAll(async () => {
  rt = await freshEmbeddedRuntime("channel-edit");
  admin = await adminCaller(rt);
}, 120_000);
afterAll(async () => rt?.close());

const stored = async (id: string) => {
  const [row] = await rt.db.select().from(notificationChannels).where(eq(notificationChannels.id, id));
  return { name: row!.name, config: row!.config, secrets: decryptSecrets(rt.env, row!.secretCiphertext) };
};

describe("editing a channel", () => {
  it("keeps the stored secret when the field is left empty, replaces it when typed, and never answers with it", async () => {
    const FIRST = "first-signing-secret-0001";
    const SECOND = "second-signing-secret-0002";
    const c = await admin.alertChannels.create({ name: "Hook", plugin: "signed-webhook", config: { url: "https://hooks.example.com/a" }, secrets: { signingSecret: FIRST } });

    // a rename keeps the stored secret when its field is left empty
    const edited = await admin.alertChannels.update({ id: c.id, channel: { name: "Ops hook", plugin: "signed-webhook", config: { url: "https://hooks.example.com/a" }, secrets: { signingSecret: "" } } });
    expect(edited).toMatchObject({ name: "Ops hook", config: { url: "https://hooks.example.com/a" }, secretFields: ["signingSecret"] });
    expect(JSON.stringify(edited)).not.toContain(FIRST);
    expect(await stored(c.id)).toEqual({ name: "Ops hook", config: { url: "https://hooks.example.com/a" }, secrets: { signingSecret: FIRST } });

    // a new address needs the secret typed again (else the stored one could be sent anywhere)
    await expect(admin.alertChannels.update({ id: c.id, channel: { name: "Ops hook", plugin: "signed-webhook", config: { url: "https://hooks.example.com/b" }, secrets: { signingSecret: "" } } })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/Type the channel's secrets again/) });
    expect((await stored(c.id)).config).toEqual({ url: "https://hooks.example.com/a" });

    const replaced = await admin.alertChannels.update({ id: c.id, channel: { name: "Ops hook", plugin: "signed-webhook", config: { url: "https://hooks.example.com/b" }, secrets: { signingSecret: SECOND } } });
    expect(JSON.stringify(replaced)).not.toContain(SECOND);
    expect(await stored(c.id)).toEqual({ name: "Ops hook", config: { url: "https://hooks.example.com/b" }, secrets: { signingSecret: SECOND } });

    await expect(admin.alertChannels.update({ id: c.id, channel: { name: "Ops hook", plugin: "slack-webhook", config: {}, secrets: {} } })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "A channel's kind cannot change; make a new channel" });

    const audited = await rt.db.select({ action: auditLog.action, details: auditLog.details }).from(auditLog).where(eq(auditLog.action, "alert_channel.update"));
    expect(audited.map((a) => (a.details as { secretsChanged: boolean }).secretsChanged)).toEqual([false, true]);
    expect(JSON.stringify(audited)).not.toContain(FIRST);
  }, 120_000);
});
