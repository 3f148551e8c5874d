import fs from "node:fs";
import path from "node:path";
import type { Runtime } from "../runtime";
import { findSource } from "../sources/registry";
import { plugins, type PluginId } from "../sources/plugins";
import { decryptSecrets } from "../sources/secrets";
import { CostDetailsClient } from "../sources/azure-cost-details";
import { findLatestExportRuns, downloadExportRun } from "../sources/s3-exports";
import { InvalidSourceRequestError } from "../sources/shared/errors";
import { runDir } from "./run-dir";

export type ExtractedFile = { path: string; name: string; bytes: number };
export type Extracted = { files: ExtractedFile[]; bytes: number; note?: string };
export type ExtractProgress = { phase: string; bytesDone: number; bytesTotal?: number };

/** A source that cannot work as configured: fails the run at once, it is not retried. */
export class SourceConfigError extends Error {
  override name = "SourceConfigError";
}

export async function loadSourceSettings(rt: Runtime, sourceId: string) {
  const source = await findSource(rt.db, sourceId);
  if (!source) throw new SourceConfigError(`data source ${sourceId} does not exist (it may have been deleted)`);
  if (!(source.plugin in plugins)) throw new SourceConfigError(`data source ${source.name} uses unknown plugin ${source.plugin}`);
  const plugin = plugins[source.plugin as PluginId];
  const config = plugin.config.safeParse(source.config);
  if (!config.success) throw new SourceConfigError(`data source ${source.name} is misconfigured: ${config.error.issues[0]?.message}`);
  return { source, config: config.data as Record<string, unknown>, secrets: decryptSecrets(rt.env, source.secretCiphertext) };
}

/** Pulls one billing month of a source's raw files into the run directory. */
export async function extractSourceMonth(
  rt: Runtime,
  input: { sourceId: string; month: string; runId: string },
  opts: { signal?: AbortSignal; onProgress?: (p: ExtractProgress) => void } = {},
): Promise<Extracted> {
  const { source, config, secrets } = await loadSourceSettings(rt, input.sourceId);
  const dir = runDir(rt.env, input.runId);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });

  if (source.plugin === "azure-cost-details") {
    const c = config as { scope: never; tenantId: string; clientId: string; metrics: ("ActualCost" | "AmortizedCost")[]; authorityHost?: string; resourceManagerEndpoint?: string };
    const client = new CostDetailsClient({
      tenantId: c.tenantId,
      clientId: c.clientId,
      clientSecret: secrets.clientSecret ?? "",
      authorityHost: c.authorityHost,
      resourceManagerEndpoint: c.resourceManagerEndpoint,
    });
    const files: ExtractedFile[] = [];
    let bytesBefore = 0;
    for (const metric of c.metrics) {
      const report = await client.generateCostDetailsReport({
        scope: c.scope,
        month: input.month,
        metric,
        outDir: path.join(dir, metric),
        signal: opts.signal,
        onProgress: (p) => opts.onProgress?.({ phase: `${metric}: ${p.phase}`, bytesDone: bytesBefore + p.bytesDone, bytesTotal: p.bytesTotal && bytesBefore + p.bytesTotal }),
      });
      bytesBefore += report.totalBytes;
      files.push(...report.files.map((f, i) => ({ path: f.path, name: `${metric}-${input.month}-${i + 1}${path.extname(f.path)}`, bytes: f.bytes })));
    }
    return { files, bytes: bytesBefore, note: files.length === 0 ? "Azure reported no data for this month" : undefined };
  }

  if (source.plugin === "azure-exports-s3") {
    const c = config as { endpoint: string; region: string; bucket: string; prefix: string; forcePathStyle: boolean; accessKeyId: string };
    const s3 = { ...c, secretAccessKey: secrets.secretAccessKey ?? "" };
    const runs = (await findLatestExportRuns(s3, { month: input.month }, { signal: opts.signal })).filter((r) => r.complete);
    const files: ExtractedFile[] = [];
    let bytes = 0;
    for (const run of runs) {
      const parts = await downloadExportRun(s3, run, path.join(dir, run.exportName), {
        signal: opts.signal,
        onProgress: (p) => opts.onProgress?.({ phase: `download ${run.exportName}`, bytesDone: bytes + p.bytesDone, bytesTotal: bytes + p.bytesTotal }),
      });
      for (const p of parts) {
        files.push({ path: p.path, name: `${run.exportName}/${path.basename(p.key)}`, bytes: p.bytes });
        bytes += p.bytes;
      }
    }
    if (files.length === 0) throw new InvalidSourceRequestError(`no complete export run for ${input.month} under s3://${c.bucket}/${c.prefix}`);
    return { files, bytes };
  }

  throw new SourceConfigError(`data source ${source.name} (${source.plugin}) has no month to pull; upload its files instead`);
}
