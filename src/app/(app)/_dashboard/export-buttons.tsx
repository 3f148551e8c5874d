"use client";

import { useMutation } from "@tanstack/react-query";
import type { ExportTable } from "~/domain/analytics/export/table";
import { useTRPC } from "~/trpc/react";
import { downloadBlob, downloadCsv, downloadXlsx } from "./download";

/** CSV and XLSX of one table or chart's data. */
export function ExportButtons({ table, disabled }: { table: () => ExportTable; disabled?: boolean }) {
  return (
    <span className="row export-buttons">
      <button type="button" className="small" disabled={disabled} onClick={() => downloadCsv(table())}>
        CSV
      </button>
      <button type="button" className="small" disabled={disabled} onClick={() => downloadXlsx(table())}>
        XLSX
      </button>
    </span>
  );
}

/** The current page printed to PDF by headless Chromium on the server. */
export function PdfButton({ name }: { name: string }) {
  const trpc = useTRPC();
  const pdf = useMutation(trpc.exports.pdf.mutationOptions());
  return (
    <span className="row">
      <button
        type="button"
        disabled={pdf.isPending}
        onClick={() =>
          pdf.mutate(
            { path: `${window.location.pathname}${window.location.search}` },
            {
              onSuccess: (r) => {
                const bytes = Uint8Array.from(atob(r.base64), (c) => c.charCodeAt(0));
                downloadBlob(bytes as BlobPart, "application/pdf", `${name}.pdf`);
              },
            },
          )
        }
      >
        {pdf.isPending ? "Printing PDF…" : "PDF"}
      </button>
      {pdf.error && <span className="error" role="alert">PDF failed: {pdf.error.message}</span>}
    </span>
  );
}
