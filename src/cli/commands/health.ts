import { env } from "../../domain/runtime/env";
import { readLock } from "../../domain/runtime/data-dir-lock";
import { openRuntime } from "../../domain/runtime";
import { checkHealth, type HealthReport } from "../../domain/runtime/health";
import { printJson } from "../output";
import { remoteQuery, remoteServer } from "../remote";

async function fromRunningApp(appUrl: string): Promise<HealthReport> {
  const res = await fetch(new URL("/api/health", appUrl), { signal: AbortSignal.timeout(15_000) });
  return (await res.json()) as HealthReport;
}

export async function healthCommand(flags: { json?: boolean }): Promise<number> {
  const e = env();
  const holder = e.usesEmbeddedStore && !e.ABI_URL ? readLock(e.dataDir) : undefined;
  let report: HealthReport;
  const remote = remoteServer();
  if (remote) report = await remoteQuery<HealthReport>(remote, "system.health");
  else if (holder && holder.pid !== process.pid) {
    // The embedded stores belong to the running app; ask it instead of opening them.
    if (!holder.appUrl) throw new Error(`data directory ${e.dataDir} is in use by process ${holder.pid}, which serves no health endpoint`);
    report = await fromRunningApp(holder.appUrl);
  } else {
    const rt = await openRuntime();
    try {
      report = await checkHealth({ env: e, clickhouse: rt.ch, db: rt.db, temporal: rt.temporal });
    } finally {
      await rt.close();
    }
  }
  if (flags.json) printJson(report);
  else {
    console.log(`status: ${report.status}`);
    for (const [name, s] of Object.entries(report.services)) {
      const extra = s.ok ? `${s.version ?? ""} ${s.latencyMs} ms` : s.error;
      console.log(`  ${s.ok ? "ok  " : "FAIL"} ${name.padEnd(11)} ${s.mode.padEnd(8)} ${extra}`);
    }
  }
  return report.status === "ok" ? 0 : 2;
}
