import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { randomUUID } from "node:crypto";

export interface ExportRunSpec {
  bucket: string;
  /** Where the export container was copied to (rootFolderPath, possibly under a bucket prefix). */
  root: string;
  exportName: string;
  /** YYYY-MM */
  month: string;
  runId?: string;
  submittedTime: string;
  type?: "ActualCost" | "AmortizedCost" | "FocusCost";
  parts: { name: string; body: string | Buffer; rowCount?: number }[];
  /** Leave these parts out of the upload (manifest still lists them): an incomplete copy. */
  skipUpload?: string[];
  /** Do not write manifest.json at all. */
  withoutManifest?: boolean;
}

/**
 * Uploads one export run laid out as Cost Management writes it:
 * <root>/<exportName>/<YYYYMMDD-YYYYMMDD>/<runId>/<parts> + manifest.json (manifestVersion 2024-04-01).
 */
export async function putExportRun(client: S3Client, spec: ExportRunSpec): Promise<{ runPrefix: string; runId: string }> {
  const runId = spec.runId ?? randomUUID();
  const [y, m] = spec.month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const range = `${spec.month.replace("-", "")}01-${spec.month.replace("-", "")}${last}`;
  const runPrefix = `${spec.root.replace(/\/+$/, "")}/${spec.exportName}/${range}/${runId}`;
  const containerPath = (name: string) => `${spec.root.split("/").slice(-1)[0]}/${spec.exportName}/${range}/${runId}/${name}`;
  const put = (Key: string, Body: string | Buffer) => client.send(new PutObjectCommand({ Bucket: spec.bucket, Key, Body }));
  for (const p of spec.parts) if (!spec.skipUpload?.includes(p.name)) await put(`${runPrefix}/${p.name}`, p.body);
  if (!spec.withoutManifest) {
    const isParquet = spec.parts.some((p) => p.name.endsWith(".parquet"));
    const manifest = {
      manifestVersion: "2024-04-01",
      byteCount: spec.parts.reduce((a, p) => a + Buffer.byteLength(p.body), 0),
      blobCount: spec.parts.length,
      dataRowCount: spec.parts.every((p) => p.rowCount !== undefined) ? spec.parts.reduce((a, p) => a + (p.rowCount ?? 0), 0) : null,
      exportConfig: {
        exportName: spec.exportName,
        resourceId: `/providers/Microsoft.Billing/billingAccounts/12345678/providers/Microsoft.CostManagement/exports/${spec.exportName}`,
        dataVersion: spec.type === "FocusCost" ? "1.2-preview" : "2021-10-01",
        apiVersion: "2025-03-01",
        type: spec.type ?? "ActualCost",
        timeFrame: "MonthToDate",
        granularity: "Daily",
      },
      deliveryConfig: {
        partitionData: true,
        dataOverwriteBehavior: "CreateNewReport",
        fileFormat: isParquet ? "Parquet" : "Csv",
        compressionMode: isParquet ? "Snappy" : spec.parts.some((p) => p.name.endsWith(".gz")) ? "Gzip" : "None",
        containerUri: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/finops/providers/Microsoft.Storage/storageAccounts/finopsexports",
        rootFolderPath: spec.root.split("/").slice(-1)[0],
      },
      runInfo: {
        executionType: "Scheduled",
        submittedTime: spec.submittedTime,
        runId,
        startDate: `${spec.month}-01T00:00:00`,
        endDate: `${spec.month}-${String(last).padStart(2, "0")}T00:00:00Z`,
      },
      blobs: spec.parts.map((p) => ({ blobName: containerPath(p.name), byteCount: Buffer.byteLength(p.body), dataRowCount: p.rowCount ?? null })),
    };
    await put(`${runPrefix}/manifest.json`, JSON.stringify(manifest, null, 2));
  }
  return { runPrefix, runId };
}
