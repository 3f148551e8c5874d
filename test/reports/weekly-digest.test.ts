import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import { ingestFiles } from "~/domain/ingest";
import { generateEaExports } from "~/domain/seed";
import { dueDigests, sendDigest } from "~/domain/reports/digest";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";
import { startSmtpServer, type SmtpTestServer } from "../support/smtp-test-server";
import { signedInAs } from "../helpers/signed-in-as";

/**
 * The weekly digest: opt-in through tRPC, due on Monday morning in the user's zone only, and its
 * numbers (this week, last week, top mover) equal SQL over the user's scope, written here.
 */
let rt: Runtime;
let smtp: SmtpTestServer;
const ids: Record<string, string> = {};
const as = signedInAs(() => rt, ids);
let scopedSub = "";
let channelId = "";

async function sql<T>(query: string, params: Record<string, string>) {
  return (await rt.ch.query({ query, query_params: params, format: "JSONEachRow" })).json<T>();
}

beforeAll(async () => {
  delete process.env.NEXTAUTH_URL;
  rt = await freshEmbeddedRuntime("digest");
  smtp = await startSmtpServer();
  for (const [email, role] of [["admin@x.io", "admin"], ["scoped@x.io", "viewer"]] as const) ids[email] = (await createUser(rt.db, { email, role, password: "a-long-password" })).id;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-digest-gen-"));
  const gen = await generateEaExports({ outDir, months: 1, endMonth: "2025-03", rowsPerDay: 150, seed: 9 });
  await ingestFiles(rt.ch, { sourceId: "digest-source", files: gen.files.map((f) => f.path) });
  scopedSub = (await sql<{ sub: string }>("SELECT any(SubAccountId) AS sub FROM focus_billing_data", {}))[0]!.sub;
  const admin = as("admin@x.io", "admin");
  await admin.grants.setDataAccess({ userId: ids["scoped@x.io"]!, dataAccess: "granted" });
  await admin.grants.create({ userId: ids["scoped@x.io"]!, role: "viewer", scopeKind: "sub_account", scopeValue: scopedSub });
  channelId = (await admin.alertChannels.create({
    name: "Digest mail", plugin: "email-smtp", personal: false,
    config: { host: "localhost", port: smtp.port, security: "starttls", from: "abi@example.com", caPem: smtp.ca },
    secrets: { username: smtp.user, password: smtp.password },
  })).id;
}, 240_000);
afterAll(async () => {
  await smtp?.close();
  await rt?.close();
});

describe("weekly digest", () => {
  it("is due on Monday from 07:00 in the user's zone, once", async () => {
    await as("scoped@x.io", "viewer").digest.set({ subscription: { timeZone: "America/New_York", channelId } });
    expect(await as("scoped@x.io", "viewer").digest.get()).toMatchObject({ timeZone: "America/New_York", channelId });
    // 2026-12-07 is a Monday: 11:30 UTC is 06:30 in New York (too early), 12:30 UTC is 07:30.
    expect(await dueDigests(rt, new Date("2026-12-07T11:30:00Z"))).toEqual([]);
    expect(await dueDigests(rt, new Date("2026-12-07T12:30:00Z"))).toEqual([ids["scoped@x.io"]]);
    // Sunday evening in New York is already Monday in UTC: not due.
    expect(await dueDigests(rt, new Date("2026-12-07T03:00:00Z"))).toEqual([]);
    await sendDigest(rt, ids["scoped@x.io"]!, new Date("2026-12-07T12:30:00Z"));
    expect(await dueDigests(rt, new Date("2026-12-07T13:30:00Z"))).toEqual([]);
  });

  it("mails this week vs last week and the top mover of the user's sub account only, equal to SQL", async () => {
    const before = smtp.mails.length;
    await sendDigest(rt, ids["scoped@x.io"]!, new Date("2026-12-14T12:30:00Z"));
    const mail = smtp.mails[before]!;
    expect(mail.to).toEqual(["scoped@x.io"]);
    const where = "SubAccountId = {sub:String}";
    const weeks = await sql<{ c: string; now: string; prev: string }>(
      `WITH (SELECT max(toDate(ChargePeriodStart)) FROM focus_billing_data WHERE ${where}) AS last
       SELECT BillingCurrency AS c,
         toString(round(sumIf(EffectiveCost, toDate(ChargePeriodStart) BETWEEN last - 6 AND last), 2)) AS now,
         toString(round(sumIf(EffectiveCost, toDate(ChargePeriodStart) BETWEEN last - 13 AND last - 7), 2)) AS prev
       FROM focus_billing_data WHERE ${where} GROUP BY c ORDER BY c`, { sub: scopedSub });
    expect(weeks.length).toBeGreaterThan(0);
    for (const w of weeks) {
      expect(mail.text).toContain(`This week (${w.c}): ${Number(w.now).toFixed(2)} ${w.c}`);
      expect(mail.text).toContain(`Last week (${w.c}): ${Number(w.prev).toFixed(2)} ${w.c}`);
    }
    const [mover] = await sql<{ s: string; c: string; d: string }>(
      `WITH (SELECT max(toDate(ChargePeriodStart)) FROM focus_billing_data WHERE ${where}) AS last
       SELECT ServiceName AS s, BillingCurrency AS c,
         toString(round(sumIf(EffectiveCost, toDate(ChargePeriodStart) BETWEEN last - 6 AND last) - sumIf(EffectiveCost, toDate(ChargePeriodStart) BETWEEN last - 13 AND last - 7), 2)) AS d
       FROM focus_billing_data WHERE ${where} AND toDate(ChargePeriodStart) BETWEEN last - 13 AND last
       GROUP BY s, c ORDER BY abs(toFloat64(d)) DESC, s LIMIT 1`, { sub: scopedSub });
    expect(mail.text).toContain(`Mover: ${mover!.s}: ${Number(mover!.d) >= 0 ? "+" : ""}${Number(mover!.d).toFixed(2)} ${mover!.c}`);
    expect(mail.text).toContain(`Scope: sub account ${scopedSub}`);
    expect(mail.text).toContain("Open alerts: 0");
    // Numbers of the whole bill never appear: the all-data total is not in the mail.
    const [all] = await sql<{ now: string }>(
      `WITH (SELECT max(toDate(ChargePeriodStart)) FROM focus_billing_data WHERE ${where}) AS last
       SELECT toString(round(sum(EffectiveCost), 2)) AS now FROM focus_billing_data WHERE toDate(ChargePeriodStart) BETWEEN last - 6 AND last`, { sub: scopedSub });
    expect(mail.text).not.toContain(`${Number(all!.now).toFixed(2)} `);
  });
});
