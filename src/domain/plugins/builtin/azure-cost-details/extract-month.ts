import path from "node:path";
import { CostDetailsClient } from "../../../sources/azure-cost-details";
import type { Extracted, ExtractContext, ExtractedFile } from "../../contract";
import type { CostDetailsPluginConfig, CostDetailsPluginSecrets } from "./config";

/** One generateCostDetailsReport per metric for the month, each into its own folder. */
export async function extractMonth(ctx: ExtractContext<CostDetailsPluginConfig, CostDetailsPluginSecrets>, month: string): Promise<Extracted> {
  const c = ctx.config;
  const client = new CostDetailsClient({
    tenantId: c.tenantId,
    clientId: c.clientId,
    clientSecret: ctx.secrets.clientSecret ?? "",
    authorityHost: c.authorityHost,
    resourceManagerEndpoint: c.resourceManagerEndpoint,
  });
  const files: ExtractedFile[] = [];
  let bytesBefore = 0;
  for (const metric of c.metrics) {
    const report = await client.generateCostDetailsReport({
      scope: c.scope,
      month,
      metric,
      outDir: path.join(ctx.dir, metric),
      signal: ctx.signal,
      onProgress: (p) => ctx.onProgress?.({ phase: `${metric}: ${p.phase}`, bytesDone: bytesBefore + p.bytesDone, bytesTotal: p.bytesTotal && bytesBefore + p.bytesTotal }),
    });
    bytesBefore += report.totalBytes;
    files.push(...report.files.map((f, i) => ({ path: f.path, name: `${metric}-${month}-${i + 1}${path.extname(f.path)}`, bytes: f.bytes })));
  }
  return { files, bytes: bytesBefore, note: files.length === 0 ? "Azure reported no data for this month" : undefined };
}
