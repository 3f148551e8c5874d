/**
 * Renders one report for one recipient's access: CSV and XLSX from the analytics functions with
 * that access's scope; PDF by printing the page in Chromium signed in as that user with a
 * short-lived API token made for the print and revoked right after.
 */
import { createApiToken, revokeApiToken } from "../auth/api-tokens";
import type { Access } from "../access/resolve-access";
import { dataDays } from "../analytics/latest-day";
import { toCsv } from "../analytics/export/csv";
import { toXlsx } from "../analytics/export/xlsx";
import { printPageToPdf } from "../analytics/export/pdf";
import type { NotifierAttachment } from "../plugins/notifier-contract";
import type { Runtime } from "../runtime";
import type { scheduledReports } from "../db/schema/reports";
import { reportPeriod } from "./period";
import { reportTable } from "./report-table";

export type ReportRow = typeof scheduledReports.$inferSelect;
export type RenderedReport = NotifierAttachment & { period: { from: string; to: string } | null };

const CONTENT_TYPES = { csv: "text/csv; charset=utf-8", xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", pdf: "application/pdf" } as const;

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "report";

/** The path of the page printed for a PDF report, with the report's period. */
export function reportPagePath(report: Pick<ReportRow, "page" | "query">, period: { from: string; to: string }): string {
  const q = new URLSearchParams(report.query);
  q.set("from", period.from);
  q.set("to", period.to);
  return `/${report.page === "overview" ? "" : report.page}?${q.toString()}`;
}

export async function renderReport(rt: Runtime, report: ReportRow, as: { access: Access; email: string }): Promise<RenderedReport> {
  const ctx = { ch: rt.ch, scope: as.access.scope };
  const days = await dataDays(ctx);
  const period = days ? reportPeriod(report.frequency, days.last) : null;
  const base = `${slug(report.name)}-${period ? period.to : "no-data"}`;
  if (report.format === "pdf") {
    const { token, id } = await createApiToken(rt.db, { id: as.access.userId, email: as.email }, { name: `report ${report.name} (print)`, expiresAt: new Date(Date.now() + 10 * 60_000) });
    try {
      const url = new URL(reportPagePath(report, period ?? { from: "1970-01-01", to: "1970-01-01" }), report.linkOrigin).toString();
      const content = await printPageToPdf({ url, cookie: "", authorization: `Bearer ${token}` });
      return { filename: `${base}.pdf`, contentType: CONTENT_TYPES.pdf, content, period };
    } finally {
      await revokeApiToken(rt.db, { id: as.access.userId, email: as.email }, id);
    }
  }
  const title = `${report.name}${period ? ` ${period.from} to ${period.to}` : ""}`;
  const table = period ? await reportTable(ctx, report.page, new URLSearchParams(report.query), period, title) : { name: title, columns: ["No billing data in your scope"], rows: [] };
  const content = report.format === "csv" ? new TextEncoder().encode(toCsv(table)) : toXlsx(table);
  return { filename: `${base}.${report.format}`, contentType: CONTENT_TYPES[report.format], content, period };
}
