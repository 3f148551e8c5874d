import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { failLine } from "./output";
import { migrateCommand } from "./commands/migrate";
import { healthCommand } from "./commands/health";
import { workerCommand } from "./commands/worker";
import { ingestCli } from "./commands/ingest";
import { exportCli, validateCli, seedCli } from "./commands/export-validate";
import { runCli, backfillCli, runsCli, sourcesCli } from "./commands/runs";
import { auditCli } from "./commands/audit";
import { sqlCli } from "./commands/sql";
import { pluginsCli } from "./commands/plugins";
import { backupCli, restoreCli } from "./commands/backup";
import { resetEventPublisher } from "../domain/events/bus";
import { ratesCli } from "./commands/rates";

const USAGE = `usage: abi <command> [options]

commands:
  migrate                       apply PostgreSQL and ClickHouse migrations
  worker                        run a Temporal worker (server mode)
  health [--json]               check ClickHouse, PostgreSQL, Temporal (and S3/Redis when configured)
  ingest <file>... [--source NAME] [--dataset auto|ea-actual|ea-amortized|mca-actual|mca-amortized|focus] [--focus-version 1.0|1.1|1.2|1.3] [--json]
                                load billing files as validated FOCUS rows
  export --from YYYY-MM --to YYYY-MM --format parquet|csv --out FILE [--focus-version 1.2|1.3] [--source NAME]
  validate [--run ID] [--json]  the validation report of a run (default: the latest)
  seed [--months 12] [--rows-per-day 200] [--seed 1] [--source demo-ea] [--if-empty] [--json]
                                generate realistic Azure EA exports and ingest them
  run --source NAME --month YYYY-MM [--json]
                                pull one billing month of a data source on Temporal and wait for it
  backfill --source NAME --from YYYY-MM --to YYYY-MM [--json]
                                pull up to 13 months, one run per month
  runs [--source NAME] [--limit N] [--json]
                                ingestion runs, newest first, with live progress
  sources [list] [--json]       data sources with their schedule and last run
  plugins [list] [--json]       plugins in the registry: versions, installed version, enabled, update available
  plugins install|upgrade|rollback|uninstall ID [--version V] [--json]
                                the plugin lifecycle (docs/plugins.md)
  rates import <file> [--json]  load exchange rates (ECB reference CSV, eurofxref-hist.csv) for the reporting currency
  audit [--since YYYY-MM-DD] [--action PREFIX] [--actor EMAIL] [--limit N] [--json]
                                the audit log, newest first (default 100 entries)
  backup [--to DIR|s3://bucket/prefix] [--json]
                                both stores into a new backup (default: the platform object store, backups/<id>/)
  restore <folder|s3://bucket/prefix/id|id> [--force] [--json]
                                replace the data with a backup (a non-empty target needs --force; docs/backup.md)
  sql "<query>" [--json]        read-only SQL over the FOCUS views (docs/workbench.md); refused queries exit 1

With ABI_URL and ABI_TOKEN set, runs and health ask that ABI server (docs/api.md).
`;

function parse<T extends NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>["options"]>>(args: string[], options: T, positionals = false) {
  return parseArgs({ args, options, allowPositionals: positionals, strict: true });
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "migrate":
      await migrateCommand();
      return 0;
    case "worker":
      await workerCommand();
      return 0;
    case "health":
      return healthCommand(parse(rest, { json: { type: "boolean" } }).values);
    case "ingest": {
      const { values, positionals } = parse(rest, { source: { type: "string" }, dataset: { type: "string" }, "focus-version": { type: "string" }, json: { type: "boolean" } }, true);
      return ingestCli(positionals, values);
    }
    case "export":
      return exportCli(
        parse(rest, { from: { type: "string" }, to: { type: "string" }, format: { type: "string" }, out: { type: "string" }, "focus-version": { type: "string" }, source: { type: "string" } }).values,
      );
    case "seed":
      return seedCli(
        parse(rest, { months: { type: "string" }, "rows-per-day": { type: "string" }, seed: { type: "string" }, source: { type: "string" }, "if-empty": { type: "boolean" }, json: { type: "boolean" } }).values,
      );
    case "validate":
      return validateCli(parse(rest, { run: { type: "string" }, json: { type: "boolean" } }).values);
    case "run":
      return runCli(parse(rest, { source: { type: "string" }, month: { type: "string" }, json: { type: "boolean" } }).values);
    case "backfill":
      return backfillCli(parse(rest, { source: { type: "string" }, from: { type: "string" }, to: { type: "string" }, json: { type: "boolean" } }).values);
    case "runs":
      return runsCli(parse(rest, { source: { type: "string" }, limit: { type: "string" }, json: { type: "boolean" } }).values);
    case "sources": {
      const { values, positionals } = parse(rest, { json: { type: "boolean" } }, true);
      if (positionals.length > 1 || (positionals[0] && positionals[0] !== "list")) throw new Error(`unknown sources action "${positionals.join(" ")}"; use abi sources list`);
      return sourcesCli(values);
    }
    case "plugins": {
      const { values, positionals } = parse(rest, { version: { type: "string" }, json: { type: "boolean" } }, true);
      return pluginsCli(positionals, values);
    }
    case "rates": {
      const { values, positionals } = parse(rest, { json: { type: "boolean" } }, true);
      return ratesCli(positionals, values);
    }
    case "audit":
      return auditCli(parse(rest, { since: { type: "string" }, action: { type: "string" }, actor: { type: "string" }, limit: { type: "string" }, json: { type: "boolean" } }).values);
    case "backup":
      return backupCli(parse(rest, { to: { type: "string" }, json: { type: "boolean" } }).values);
    case "restore": {
      const { values, positionals } = parse(rest, { force: { type: "boolean" }, json: { type: "boolean" } }, true);
      return restoreCli(positionals, values);
    }
    case "sql": {
      const { values, positionals } = parse(rest, { json: { type: "boolean" } }, true);
      return sqlCli(positionals, values);
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(USAGE);
      return command ? 0 : 1;
    default:
      throw new Error(`unknown command "${command}"; run abi --help`);
  }
}

function describeError(err: unknown): string {
  if (err instanceof ZodError) {
    const issue = err.issues[0]!;
    const flag = issue.path.length ? `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ` : "";
    return `abi: ${flag}${issue.message}`;
  }
  return failLine(err);
}

/** process.exit skips pending work: events a command published (abi ingest, abi seed) are sent first, for at most 5 s. */
const exit = (code: number) => void resetEventPublisher(5_000).finally(() => process.exit(code));

main(process.argv.slice(2)).then(
  (code) => exit(code),
  (err: unknown) => {
    process.stderr.write(`${describeError(err)}\n`);
    if (process.env.ABI_DEBUG) console.error(err);
    exit(1);
  },
);
