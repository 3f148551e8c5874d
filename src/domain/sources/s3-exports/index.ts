export { createS3Client, normalizePrefix, type S3ExportsConfig } from "./config";
export { listExportRuns, findLatestExportRuns, listObjects, type ExportRun, type ExportPart, type ExportRunListing, type ListedObject } from "./list-export-runs";
export { downloadExportRun, type DownloadedPart, type DownloadProgress } from "./download-export-run";
export { testConnection, type S3ConnectionResult } from "./test-connection";
export { parseExportManifest, exportManifestSchema, type ExportManifest } from "./manifest";
export { partFormat, monthFromDateRange, type ExportPartFormat } from "./layout";
export { mapS3Error } from "./s3-errors";
export * from "../shared/errors";
