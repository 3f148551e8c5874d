import { sqlArgs, sqlCommand } from "../../domain/commands/sql";
import { runCommand } from "../run-command";
import { printJson } from "../output";

const cell = (v: unknown) => (v === null || v === undefined ? "NULL" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** `abi sql "<query>" [--json]`: a refused query ends with exit code 1 and one `abi: …` line. */
export async function sqlCli(positionals: string[], flags: { json?: boolean }): Promise<number> {
  if (positionals.length !== 1) throw new Error('give the query as one argument, e.g. abi sql "SELECT count() FROM focus"');
  const args = sqlArgs.parse({ sql: positionals[0] });
  const r = await runCommand(sqlCommand, args, () => undefined);
  if (flags.json) {
    printJson({ columns: r.columns, rows: r.rows, truncated: r.truncated, elapsedMs: r.elapsedMs });
    return 0;
  }
  const table = [r.columns.map((c) => c.name), ...r.rows.map((row) => row.map(cell))];
  const widths = r.columns.map((_, i) => Math.min(60, Math.max(...table.map((row) => row[i]!.length))));
  for (const row of table) console.log(row.map((v, i) => (i === row.length - 1 ? v : v.padEnd(widths[i]!))).join("  "));
  console.log(`${r.rows.length} row${r.rows.length === 1 ? "" : "s"}${r.truncated ? " (truncated at the workbench row limit)" : ""} in ${r.elapsedMs} ms`);
  return 0;
}
