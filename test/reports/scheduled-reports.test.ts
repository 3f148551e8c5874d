import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Runtime } from "~/domain/runtime";
import { createUser } from "~/domain/auth/bootstrap";
import { auditLog, reportDeliveries } from "~/domain/db/schema";
import { ingestFiles } from "~/domain/ingest";
import { generateEaExports } from "~/domain/seed";
import { resolveAccess } from "~/domain/access/resolve-access";
import { createReport, reportInputSchema } from "~/domain/reports/manage";
import { deliverReportNow } from "~/domain/reports/deliver";
import { platformObjectStore } from "~/domain/storage/platform-store";
import { temporalClient } from "~/domain/runtime/temporal";
import { reportScheduleId } from "~/domain/reports/schedule";
import { freshEmbeddedRuntime } from "../helpers/fresh-runtime";
import { startSmtpServer, type SmtpTestServer } from "../support/smtp-test-server";
import { mailAttachments } from "../support/mail-attachments";
import { signedInAs } from "../helpers/signed-in-as";

/**
 * Scheduled reports without Temporal (the workflow path: test/temporal/reports-workflow.test.ts):
 * a real ingest into chDB, a shared e-mail channel made through tRPC, delivery to a real SMTP
 * server. Each user recipient's attachment holds only their scope's numbers; an address gets the
 * owner's scope. Expected totals are SQL over the fact table, written here.
 */
let rt: Runtime;
let smtp: SmtpTestServer;
const ids: Record<string, string> = {};
const as = signedInAs(() => rt, ids);
let scopedSub = "";
let channelId = "";

/** The oracle: EffectiveCost per currency over the 7 days ending on the last day with data in the WHERE. */
async function weekTotals(where: string, params: Record<string, string> = {}): Promise<Record<string, string>> {
  const rs = await rt.ch.query({
    query: `WITH (SELECT max(toDate(ChargePeriodStart)) FROM focus_billing_data WHERE ${where}) AS last
      SELECT BillingCurrency AS c, toString(round(sum(EffectiveCost), 2)) AS s FROM focus_billing_data
      WHERE ${where} AND toDate(ChargePeriodStart) BETWEEN last - 6 AND last GROUP BY c ORDER BY c`,
    query_params: params,
    format: "JSONEachRow",
  });
  return Object.fromEntries((await rs.json<{ c: string; s: string }>()).map((r) => [r.c, Number(r.s).toFixed(2)]));
}

/** Sums the value column of a report table per currency column. */
function totalsOf(rows: string[][], currencyCol: number, valueCol: number): Record<string, string> {
  const sums: Record<string, number> = {};
  for (const r of rows) sums[r[currencyCol]!] = (sums[r[currencyCol]!] ?? 0) + Number(r[valueCol]);
  return Object.fromEntries(Object.entries(sums).sort().map(([c, v]) => [c, v.toFixed(2)]));
}

const csvRows = (text: string) => text.trim().split(/\r\n/).slice(1).map((l) => l.split(","));

beforeAll(async () => {
  delete process.env.NEXTAUTH_URL;
  rt = await freshEmbeddedRuntime("reports");
  smtp = await startSmtpServer();
  for (const [email, role] of [["admin@x.io", "admin"], ["analyst@x.io", "analyst"], ["scoped@x.io", "viewer"]] as const) {
    ids[email] = (await createUser(rt.db, { email, role, password: "a-long-password" })).id;
  }
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "abi-reports-gen-"));
  const gen = await generateEaExports({ outDir, months: 1, endMonth: "2025-03", rowsPerDay: 150, seed: 5 });
  await ingestFiles(rt.ch, { sourceId: "reports-source", files: gen.files.map((f) => f.path) });
  const [row] = await (await rt.ch.query({ query: "SELECT any(SubAccountId) AS sub FROM focus_billing_data", format: "JSONEachRow" })).json<{ sub: string }>();
  scopedSub = row!.sub;
  const admin = as("admin@x.io", "admin");
  await admin.grants.setDataAccess({ userId: ids["scoped@x.io"]!, dataAccess: "granted" });
  await admin.grants.create({ userId: ids["scoped@x.io"]!, role: "viewer", scopeKind: "sub_account", scopeValue: scopedSub });
  const channel = await admin.alertChannels.create({
    name: "Finance mail", plugin: "email-smtp", personal: false,
    config: { host: "localhost", port: smtp.port, security: "starttls", from: "abi@example.com", caPem: smtp.ca },
    secrets: { username: smtp.user, password: smtp.password },
  });
  channelId = channel.id;
}, 240_000);
afterAll(async () => {
  await smtp?.close();
  await rt?.close();
});

async function analystReport(format: "csv" | "xlsx", extra: Partial<{ recipientUserIds: string[]; recipientEmails: string[]; savedViewId: string }>) {
  const access = await resolveAccess(rt.db, ids["analyst@x.io"]!);
  const input = reportInputSchema.parse({ name: `Weekly services ${format}`, page: "costs", format, frequency: "weekly", timeOfDay: "07:30", timeZone: "Europe/Berlin", channelId, ...extra });
  return createReport(rt, access, input, "https://abi.test");
}

describe("scheduled reports", () => {
  it("CSV: a scoped user gets only their sub account's numbers, an address gets the owner's (all data); both kept in the object store", async () => {
    const report = await analystReport("csv", { recipientUserIds: [ids["scoped@x.io"]!], recipientEmails: ["cfo@example.com"] });
    const before = smtp.mails.length;
    const results = await deliverReportNow(rt, report.id, "send_now", new Date("2026-12-07T06:30:00Z"));
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    const mails = smtp.mails.slice(before);
    expect(mails.map((m) => m.to)).toEqual([["scoped@x.io"], ["cfo@example.com"]]);
    const scopedExpected = await weekTotals("SubAccountId = {sub:String}", { sub: scopedSub });
    const allExpected = await weekTotals("1 = 1");
    expect(Object.keys(scopedExpected).length).toBeGreaterThan(0);
    expect(scopedExpected).not.toEqual(allExpected);

    const [scopedFile] = mailAttachments(mails[0]!.raw);
    expect(scopedFile!.filename).toMatch(/^weekly-services-csv-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(scopedFile!.contentType).toBe("text/csv");
    expect(totalsOf(csvRows(scopedFile!.content.toString("utf8")), 1, 2)).toEqual(scopedExpected);
    expect(mails[0]!.text).toContain(`Scope: sub account ${scopedSub}`);
    expect(mails[0]!.subject).toMatch(/^\[ABI\] Report "Weekly services csv" \(\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}\)$/);

    const [ownerFile] = mailAttachments(mails[1]!.raw);
    expect(totalsOf(csvRows(ownerFile!.content.toString("utf8")), 1, 2)).toEqual(allExpected);
    expect(mails[1]!.text).toContain("Scope: all billing data");

    const store = await platformObjectStore(rt);
    const kept = await store.list(`reports/${report.id}/2026-12-07/`);
    expect(kept.map((o) => o.key)).toEqual([`reports/${report.id}/2026-12-07/cfo@example.com-${ownerFile!.filename}`, `reports/${report.id}/2026-12-07/scoped@x.io-${scopedFile!.filename}`]);
    expect((await store.get(kept[1]!.key)).equals(scopedFile!.content)).toBe(true);

    const log = await rt.db.select().from(reportDeliveries).where(eq(reportDeliveries.reportId, report.id));
    expect(log.map((l) => [l.recipient, l.renderedAs, l.ok, l.trigger]).sort()).toEqual([
      ["cfo@example.com", "analyst@x.io (owner)", true, "send_now"],
      ["scoped@x.io", "scoped@x.io", true, "send_now"],
    ]);
  });

  it("XLSX: the attachment opens as a workbook (read with Python's zipfile) whose numbers are the SQL totals", async () => {
    const report = await analystReport("xlsx", { recipientUserIds: [ids["scoped@x.io"]!] });
    const before = smtp.mails.length;
    await deliverReportNow(rt, report.id, "schedule");
    const [file] = mailAttachments(smtp.mails[before]!.raw);
    expect(file!.contentType).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "abi-xlsx-")), file!.filename);
    fs.writeFileSync(tmp, file!.content);
    // An independent reader: the package's parts, and the sheet's rows as (currency, value) pairs.
    const py = `import zipfile,re,sys,json
z=zipfile.ZipFile(sys.argv[1]); names=z.namelist(); x=z.read('xl/worksheets/sheet1.xml').decode()
rows=[re.findall(r'<c r="[A-Z]+\\d+"(?: t="inlineStr")?>(?:<v>([^<]*)</v>|<is><t[^>]*>([^<]*)</t></is>)</c>',r) for r in re.findall(r'<row[^>]*>(.*?)</row>',x)]
print(json.dumps({"names":names,"rows":[[a or b for a,b in r] for r in rows]}))`;
    const book = JSON.parse(execFileSync("python3", ["-c", py, tmp], { encoding: "utf8" })) as { names: string[]; rows: string[][] };
    expect(book.names).toEqual(expect.arrayContaining(["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]));
    expect(book.rows[0]).toEqual(["ServiceName", "Currency", "EffectiveCost"]);
    expect(totalsOf(book.rows.slice(1), 1, 2)).toEqual(await weekTotals("SubAccountId = {sub:String}", { sub: scopedSub }));
  });

  it("a saved view: the report takes its page and grouping; another user's saved view is refused", async () => {
    const view = await as("analyst@x.io", "analyst").savedViews.save({ page: "/costs", name: "By sub account", query: "groupBy=SubAccountName&gran=week" });
    const report = await analystReport("csv", { recipientEmails: ["cfo@example.com"], savedViewId: view!.id });
    expect([report.page, report.query]).toEqual(["costs", "groupBy=SubAccountName&gran=week"]);
    const before = smtp.mails.length;
    await deliverReportNow(rt, report.id, "send_now");
    const text = mailAttachments(smtp.mails[before]!.raw)[0]!.content.toString("utf8");
    expect(text.split("\r\n")[0]).toBe("SubAccountName,Currency,EffectiveCost");
    expect(totalsOf(csvRows(text), 1, 2)).toEqual(await weekTotals("1 = 1"));
    const theirs = await as("scoped@x.io", "viewer").savedViews.save({ page: "/costs", name: "Mine", query: "" });
    await expect(analystReport("csv", { recipientEmails: ["cfo@example.com"], savedViewId: theirs!.id } as never)).rejects.toThrow(/saved view does not exist/);
  });

  it("refuses a report without recipients, budgets as CSV, and a bad time zone; tRPC saves, audits and schedules in Temporal with the calendar and time zone", async () => {
    const me = as("analyst@x.io", "analyst");
    const base = { name: "r", page: "costs" as const, format: "csv" as const, frequency: "daily" as const, timeOfDay: "07:00", timeZone: "Europe/Berlin", channelId };
    await expect(me.reports.create({ ...base })).rejects.toThrow(/at least one recipient/);
    await expect(me.reports.create({ ...base, page: "budgets", recipientEmails: ["a@example.com"] })).rejects.toThrow(/PDF only/);
    await expect(me.reports.create({ ...base, timeZone: "Mars/Base", recipientEmails: ["a@example.com"] })).rejects.toThrow(/IANA time zone/);
    // Saved, audited, and a Temporal Schedule (the embedded dev server) at 07:00 Berlin time, Mondays.
    const saved = await me.reports.create({ ...base, frequency: "weekly", dayOfWeek: 1, recipientEmails: ["a@example.com"] });
    const actions = (await rt.db.select({ action: auditLog.action }).from(auditLog)).map((a) => a.action);
    expect(actions).toContain("report.create");
    expect((await me.reports.list()).map((r) => r.name)).toContain("r");
    const client = await temporalClient(rt.env);
    const described = await client.schedule.getHandle(reportScheduleId(saved.id)).describe();
    expect(described.spec.timezone).toBe("Europe/Berlin");
    const cal = described.spec.calendars![0]!;
    expect([cal.hour?.[0]?.start, cal.minute?.[0]?.start, cal.dayOfWeek?.[0]?.start]).toEqual([7, 0, "MONDAY"]);
    expect(described.action.workflowType).toBe("deliverReport");
    await me.reports.delete({ id: saved.id });
    await expect(client.schedule.getHandle(reportScheduleId(saved.id)).describe()).rejects.toThrow();
    // Another analyst's report is not found for this one.
    await expect(me.reports.sendNow({ id: "00000000-0000-4000-8000-000000000001" })).rejects.toThrow(/does not exist/);
    // The viewer sees no reports procedure at all.
    await expect(as("scoped@x.io", "viewer").reports.list()).rejects.toThrow();
  });
});
