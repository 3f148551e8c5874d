import { toCsv } from "~/domain/analytics/export/csv";
import type { ExportTable } from "~/domain/analytics/export/table";
import { toXlsx } from "~/domain/analytics/export/xlsx";

export function downloadBlob(data: BlobPart, type: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "export";

export function downloadCsv(t: ExportTable): void {
  downloadBlob(toCsv(t), "text/csv;charset=utf-8", `${slug(t.name)}.csv`);
}

export function downloadXlsx(t: ExportTable): void {
  downloadBlob(toXlsx(t) as BlobPart, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", `${slug(t.name)}.xlsx`);
}
