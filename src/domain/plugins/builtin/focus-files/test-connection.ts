import { createS3Client, normalizePrefix, testConnection as listOne } from "../../../sources/s3-exports";
import { detectLayout } from "../../../ingest/layout";
import type { ConnectionStep } from "../../contract";
import type { FocusFilesConfig, FocusFilesSecrets } from "./config";
import { csvHead } from "./csv-head";
import { listFocusObjects, monthOfObject, readObjectHead, s3Settings } from "./bucket";

const since = (t: number) => Math.round(performance.now() - t);
const failure = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Three steps: list the prefix (credentials, bucket), read one file's header (is it FOCUS, which
 * version) and find the billing months the layout sees. Never throws.
 */
export async function testFocusFiles(config: FocusFilesConfig, secrets: Partial<FocusFilesSecrets>): Promise<ConnectionStep[]> {
  if (!secrets.accessKeyId || !secrets.secretAccessKey) {
    return [{ step: "list the prefix", ok: false, message: "Enter the access key and the secret key", latencyMs: 0 }];
  }
  const cfg = s3Settings(config, secrets);
  const listed = await listOne(cfg);
  const steps: ConnectionStep[] = [{ step: "list the prefix", ok: listed.ok, message: listed.ok ? listed.message : listed.reason, latencyMs: listed.latencyMs }];
  if (!listed.ok) return steps;

  let t = performance.now();
  const client = createS3Client({ ...cfg, maxAttempts: 1 });
  try {
    const objects = await listFocusObjects(client, cfg);
    const first = objects[0];
    if (!first) {
      steps.push({ step: "read a file header", ok: false, message: `No CSV or Parquet file under s3://${cfg.bucket}/${normalizePrefix(cfg.prefix)} yet.`, latencyMs: since(t) });
      return steps;
    }
    if (first.format === "parquet") {
      steps.push({ step: "read a file header", ok: true, message: `${first.key} is Parquet; its FOCUS version is read from its columns when it is ingested.`, latencyMs: since(t) });
    } else {
      const head = csvHead(await readObjectHead(client, cfg, first.key), first.format === "csv.gz");
      const layout = detectLayout(first.key, head.header);
      const override = config.focusVersion !== "auto" ? ` (read as ${config.focusVersion}, as configured)` : "";
      steps.push(
        layout.kind === "focus"
          ? { step: "read a file header", ok: true, message: `${first.key} looks like FOCUS ${layout.version}${override}.`, latencyMs: since(t) }
          : { step: "read a file header", ok: false, message: `${first.key} is not a FOCUS file (its columns look like an Azure ${layout.agreement.toUpperCase()} export).`, latencyMs: since(t) },
      );
    }
    t = performance.now();
    const months = new Set<string>();
    for (const o of objects) {
      const m = await monthOfObject(client, cfg, config.monthLayout, o);
      if (m) months.add(m);
    }
    const sorted = [...months].sort();
    steps.push(
      sorted.length
        ? { step: "find billing months", ok: true, message: `Months found: ${sorted.join(", ")}.`, latencyMs: since(t) }
        : { step: "find billing months", ok: false, message: config.monthLayout === "month-folder" ? "No month folder (2026-03, 202603, BILLING_PERIOD=2026-03 or 20260301-20260331) under the prefix." : "No file has a BillingPeriodStart in its first row.", latencyMs: since(t) },
    );
  } catch (err) {
    steps.push({ step: steps.length === 1 ? "read a file header" : "find billing months", ok: false, message: failure(err), latencyMs: since(t) });
  }
  return steps;
}
