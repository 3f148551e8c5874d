import { z } from "zod";

const count = z.number().int().nonnegative().nullish();

/** manifest.json written by Cost Management exports next to each run's part files. */
export const exportManifestSchema = z.looseObject({
  manifestVersion: z.string().nullish(),
  byteCount: count,
  blobCount: count,
  // API 2025-03-01 manifests may say null: unknown, not zero.
  dataRowCount: count,
  exportConfig: z
    .looseObject({
      exportName: z.string().nullish(),
      resourceId: z.string().nullish(),
      dataVersion: z.string().nullish(),
      apiVersion: z.string().nullish(),
      type: z.string().nullish(),
      timeFrame: z.string().nullish(),
    })
    .nullish(),
  deliveryConfig: z
    .looseObject({
      partitionData: z.boolean().nullish(),
      fileFormat: z.string().nullish(),
      compressionMode: z.string().nullish(),
      rootFolderPath: z.string().nullish(),
    })
    .nullish(),
  runInfo: z
    .looseObject({
      executionType: z.string().nullish(),
      submittedTime: z.string().nullish(),
      runId: z.string().nullish(),
      startDate: z.string().nullish(),
      endDate: z.string().nullish(),
    })
    .nullish(),
  blobs: z.array(z.looseObject({ blobName: z.string().min(1), byteCount: count, dataRowCount: count })),
});

export type ExportManifest = z.infer<typeof exportManifestSchema>;

export function parseExportManifest(text: string): { manifest?: ExportManifest; problem?: string } {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    return { problem: `manifest.json is not valid JSON (${(err as Error).message})` };
  }
  const parsed = exportManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { problem: `manifest.json does not look like a Cost Management export manifest: ${issue.path.join(".") || "(root)"} ${issue.message}` };
  }
  return { manifest: parsed.data };
}
