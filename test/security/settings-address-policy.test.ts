import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import { notificationChannels, platformStorageSettings } from "~/domain/db/schema";
import { decryptSecrets } from "~/domain/sources/secrets";
import { appRouter } from "~/server/api/root";
import { createCallerFactory } from "~/server/api/trpc";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";

/**
 * Security review 2 (docs/security-review-2.md, S4/S5): an address saved in settings goes through
 * the URL policy when it is saved (storage endpoint), and a stored channel secret does not follow
 * the channel to a new address unless it is typed again (else an edit of the SMTP host, then
 * "Test", sends the stored password to the new host).
 */
let rt: Runtime;
let adminId = "";
const factory = createCallerFactory(appRouter);
const admin = () => factory({ rt, db: rt.db, ch: rt.ch, headers: new Headers(), session: { expires: "2999-01-01", user: { id: adminId, email: "admin@x.io", name: "", role: "admin" } } });

beforeAll(async () => {
  delete process.env.ABI_ALLOW_LINK_LOCAL_ENDPOINTS;
  rt = await freshEmbeddedRuntime("review2-settings", ["S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_ENDPOINT"]);
  adminId = (await createUser(rt.db, { email: "admin@x.io", role: "admin", password: "a-long-password" })).id;
}, 120_000);
afterAll(async () => {
  await rt?.close();
});

describe("addresses saved in settings", () => {
  it("a storage endpoint on a link-local or metadata address is refused when saved, and nothing is stored", async () => {
    for (const endpoint of ["http://169.254.169.254", "http://metadata.google.internal:80"]) {
      await expect(
        admin().storage.save({ endpoint, region: "us-east-1", bucket: "platform", prefix: "abi", forcePathStyle: true, verifyTls: true, accessKeyId: "AKIA", secretAccessKey: "storage-secret-value" }),
      ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/link-local|metadata/) });
    }
    expect(await rt.db.select().from(platformStorageSettings)).toEqual([]);
  });

  it("an SMTP channel's stored password does not follow a changed host unless it is typed again", async () => {
    const config = { host: "smtp.example.com", port: 587, security: "starttls", from: "abi@example.com", to: ["finops@example.com"] };
    const channel = await admin().alertChannels.create({ name: "Team mail", plugin: "email-smtp", config, secrets: { username: "abi", password: "smtp-password-1" } });
    const stored = async () => {
      const [row] = await rt.db.select().from(notificationChannels).where(eq(notificationChannels.id, channel.id));
      return { config: row!.config, secrets: decryptSecrets(rt.env, row!.secretCiphertext) };
    };

    await expect(admin().alertChannels.update({ id: channel.id, channel: { name: "Team mail", plugin: "email-smtp", config: { ...config, host: "mail.attacker.test" }, secrets: {} } }))
      .rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("secrets again") });
    await expect(admin().alertChannels.update({ id: channel.id, channel: { name: "Team mail", plugin: "email-smtp", config: { ...config, port: 2525 }, secrets: { username: "abi" } } }))
      .rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await stored()).config).toMatchObject({ host: "smtp.example.com", port: 587 });

    // Other fields may change with the secret kept; a new host with the secrets typed again is fine.
    await admin().alertChannels.update({ id: channel.id, channel: { name: "Team mail 2", plugin: "email-smtp", config: { ...config, to: ["ops@example.com"] }, secrets: {} } });
    expect((await stored()).secrets).toMatchObject({ password: "smtp-password-1" });
    await admin().alertChannels.update({ id: channel.id, channel: { name: "Team mail 2", plugin: "email-smtp", config: { ...config, host: "smtp2.example.com" }, secrets: { username: "abi", password: "smtp-password-2" } } });
    expect(await stored()).toMatchObject({ config: { host: "smtp2.example.com" }, secrets: { password: "smtp-password-2" } });
  });
});
