import type { HealthReport } from "../../domain/runtime/health";
import { healthCommand as health } from "../../domain/commands/health";
import { runCommand } from "../run-command";
import { printJson } from "../output";
import { remoteQuery, remoteServer } from "../remote";

/** Computed here, or by the running app over the local bridge when it owns the embedded stores. */
export async function healthCommand(flags: { json?: boolean }): Promise<number> {
  const remote = remoteServer();
  const report = remote ? await remoteQuery<HealthReport>(remote, "system.health") : await runCommand(health, {}, () => undefined);
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
